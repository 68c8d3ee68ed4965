// A file the main side built (an export), handed to the browser's download (Electron: a save dialog).
export function download(file: { file_name: string; mime_type: string; text: string }) {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime_type }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.file_name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
