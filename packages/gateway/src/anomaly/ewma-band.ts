/** Exponentially weighted mean and variance of per-bucket counts. */
export interface EwmaBand {
  mean: number;
  variance: number;
  /** Buckets folded in so far. */
  samples: number;
}

/**
 * Folds one bucket's count into the band (West's EWMA variance update).
 *
 * @example
 * const band = { mean: 0, variance: 0, samples: 0 };
 * updateBand(band, 4, 0.3);
 */
export function updateBand(band: EwmaBand, value: number, alpha: number): void {
  if (band.samples === 0) {
    band.mean = value;
    band.variance = 0;
  } else {
    const difference = value - band.mean;
    const increment = alpha * difference;
    band.mean += increment;
    band.variance = (1 - alpha) * (band.variance + difference * increment);
  }
  band.samples += 1;
}

/**
 * The upper edge of the band: `mean + sigmas · sd`, never below `floor` (so quiet series do not
 * alert on a handful of events).
 *
 * @example
 * upperEdge({ mean: 2, variance: 1, samples: 10 }, 4, 5); // 6
 */
export function upperEdge(band: EwmaBand, sigmas: number, floor: number): number {
  return Math.max(floor, band.mean + sigmas * Math.sqrt(Math.max(0, band.variance)));
}
