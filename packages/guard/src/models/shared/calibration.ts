/**
 * Probability calibration: maps a raw model margin to a calibrated 0..1 probability.
 * Platt scaling (a sigmoid with fitted slope and intercept) or isotonic regression (a monotone
 * step function, interpolated linearly between fitted points).
 */

/** A fitted calibration, stored in the artifact header. */
export type Calibration =
  | { readonly method: 'platt'; readonly slope: number; readonly intercept: number }
  | { readonly method: 'isotonic'; readonly inputs: readonly number[]; readonly outputs: readonly number[] }
  | { readonly method: 'sigmoid' };

/**
 * The logistic function, numerically safe.
 *
 * @example
 * sigmoid(0) // 0.5
 */
export function sigmoid(value: number): number {
  if (value >= 0) return 1 / (1 + Math.exp(-value));
  const exponent = Math.exp(value);
  return exponent / (1 + exponent);
}

/**
 * Applies a calibration to a raw margin.
 *
 * @example
 * calibrate(1.3, { method: 'platt', slope: 1.8, intercept: -2.1 })
 */
export function calibrate(margin: number, calibration: Calibration): number {
  switch (calibration.method) {
    case 'sigmoid':
      return sigmoid(margin);
    case 'platt':
      return sigmoid(calibration.slope * margin + calibration.intercept);
    case 'isotonic': {
      const { inputs, outputs } = calibration;
      const count = inputs.length;
      if (count === 0) return sigmoid(margin);
      if (margin <= inputs[0]!) return outputs[0]!;
      if (margin >= inputs[count - 1]!) return outputs[count - 1]!;
      let low = 0;
      let high = count - 1;
      while (high - low > 1) {
        const middle = (low + high) >> 1;
        if (inputs[middle]! <= margin) low = middle;
        else high = middle;
      }
      const span = inputs[high]! - inputs[low]!;
      const fraction = span > 0 ? (margin - inputs[low]!) / span : 0;
      return outputs[low]! + fraction * (outputs[high]! - outputs[low]!);
    }
  }
}
