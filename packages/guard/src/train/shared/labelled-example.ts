/** One training/evaluation example. `label` is 1 for the positive class. */
export interface LabelledExample {
  readonly text: string;
  readonly label: 0 | 1;
  /** Source tag (file or hand-written set) used for source-held-out splits. */
  readonly source: string;
  /** Rows sharing a group (e.g. translations of one item) are never split apart. */
  readonly group: string;
  readonly category?: string;
  readonly language?: string;
  /** Relative training weight (default 1). */
  readonly weight?: number;
}
