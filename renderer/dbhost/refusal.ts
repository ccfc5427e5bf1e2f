/**
 * A write the host refused because of the data (a record that does not validate): nothing was
 * stored. Answered as error kind `refused`, which the core turns into a StoreWriteError.
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
}
