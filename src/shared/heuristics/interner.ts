/** Strings ↔ dense integer ids: the engine works on numbers, names are looked up once. */
export class Interner {
  readonly values: string[] = []
  private readonly ids = new Map<string, number>()

  /** the id of `value`, assigned on first sight */
  intern(value: string): number {
    let id = this.ids.get(value)
    if (id === undefined) {
      id = this.values.length
      this.values.push(value)
      this.ids.set(value, id)
    }
    return id
  }
}
