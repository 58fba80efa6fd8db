namespace ServerlessStreams.Bench.Engine;

/// <summary>What a run counted, so the two sides can be checked against each other.</summary>
internal readonly record struct CountTotals(long Segments, long Extents, long Firings, long FiredCountSum);
