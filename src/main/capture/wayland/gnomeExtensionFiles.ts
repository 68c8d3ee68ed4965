// The GNOME Shell extension we ship: GNOME gives ordinary clients no way to learn the front window
// on Wayland (no protocol, and Shell.Eval/Introspect refuse them), so a small extension of ours
// exports it on the session bus: Get() and a Changed signal, each a JSON object with title,
// wm_class, the app id Shell's window tracker assigns, and pid. Only the focused window, never
// input. One body, two wrappers: GNOME ≤ 44 loads extensions as `imports` scripts, 45+ as ES
// modules. The files are kept here as text (bundled with the app and the CLI alike) and written
// into the user's extensions folder by gnomeExtension.ts.

export const EXTENSION_UUID = 'billops-focus@billops.app'
export const FOCUS_OBJECT_PATH = '/app/billops/Focus'
export const FOCUS_INTERFACE = 'app.billops.Focus1'
/** bumped when the files change, so an installed older copy is replaced (and needs a new login) */
export const EXTENSION_VERSION = 1

const FOCUS_EXPORTER = `
// Exports the focused window on ${FOCUS_OBJECT_PATH} (BillOps Tracker, extension version ${EXTENSION_VERSION}).
const FOCUS_XML = '<node><interface name="${FOCUS_INTERFACE}">' +
  '<method name="Get"><arg type="s" direction="out" name="window"/></method>' +
  '<signal name="Changed"><arg type="s" name="window"/></signal>' +
  '</interface></node>';

function createFocusExporter(Gio, GLib, Shell) {
  let exported = null;
  let focusId = 0;
  let window = null;
  let titleId = 0;
  let last = '';
  const describe = () => {
    const w = global.display.focus_window;
    if (!w) return 'null';
    const app = Shell.WindowTracker.get_default().get_window_app(w);
    return JSON.stringify({
      title: w.get_title(),
      wm_class: w.get_wm_class(),
      app_id: app ? app.get_id() : null,
      pid: w.get_pid(),
      xwayland: w.get_client_type() !== 0,
    });
  };
  const changed = () => {
    const now = describe();
    if (now === last || !exported) return;
    last = now;
    exported.emit_signal('Changed', new GLib.Variant('(s)', [now]));
  };
  const follow = () => {
    if (window && titleId) window.disconnect(titleId);
    window = global.display.focus_window;
    titleId = window ? window.connect('notify::title', changed) : 0;
    changed();
  };
  return {
    enable() {
      exported = Gio.DBusExportedObject.wrapJSObject(FOCUS_XML, { Get: describe });
      exported.export(Gio.DBus.session, '${FOCUS_OBJECT_PATH}');
      focusId = global.display.connect('notify::focus-window', follow);
      follow();
    },
    disable() {
      if (focusId) global.display.disconnect(focusId);
      if (window && titleId) window.disconnect(titleId);
      if (exported) exported.unexport();
      exported = null;
      window = null;
      focusId = titleId = 0;
      last = '';
    },
  };
}
`

const LEGACY_WRAPPER = `
const { Gio, GLib, Shell } = imports.gi;

function init() {
  return createFocusExporter(Gio, GLib, Shell);
}
`

const ESM_WRAPPER = `
import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Shell from 'gi://Shell';
import { Extension } from 'resource:///org/gnome/shell/extensions/extension.js';

export default class BillopsFocusExtension extends Extension {
  enable() {
    this._exporter = createFocusExporter(Gio, GLib, Shell);
    this._exporter.enable();
  }

  disable() {
    this._exporter?.disable();
    this._exporter = null;
  }
}
`

export type ExtensionFlavor = 'legacy' | 'esm'

/** GNOME 45 moved extensions to ES modules; older shells cannot load those and vice versa. */
export const flavorFor = (shellMajor: number): ExtensionFlavor => (shellMajor >= 45 ? 'esm' : 'legacy')

/** The extension's files (name → text) for one flavor. */
export function extensionFiles(flavor: ExtensionFlavor): Record<string, string> {
  const metadata = {
    uuid: EXTENSION_UUID,
    name: 'BillOps Tracker focus',
    description:
      'Tells BillOps Tracker which window is in front (title and app), for time capture on Wayland. Nothing else: no input, no screen.',
    'shell-version': flavor === 'esm' ? ['45', '46', '47', '48', '49'] : ['40', '41', '42', '43', '44'],
    version: EXTENSION_VERSION,
  }
  return {
    'metadata.json': `${JSON.stringify(metadata, null, 2)}\n`,
    'extension.js': `${FOCUS_EXPORTER}${flavor === 'esm' ? ESM_WRAPPER : LEGACY_WRAPPER}`,
  }
}
