/**
 * A fixed-size ring of samples: the live series keep a few minutes at one point a second, and
 * never more, however long the app runs.
 */

/** Keeps the last `capacity` values pushed. */
export class Ring<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {}

  /** Adds a value, dropping the oldest when full. */
  push(value: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(value);
      return;
    }
    this.items[this.start] = value;
    this.start = (this.start + 1) % this.capacity;
  }

  /** The values, oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  get length(): number {
    return this.items.length;
  }
}
