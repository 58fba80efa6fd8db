using System.Runtime.InteropServices;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Bench.Engine;

/// <summary>
/// The baseline: the same counting written by hand with Dictionaries, reading the same two fields of the same
/// segments. Per key it counts segments and, every threshold segments, "fires" the extent the segment landed in.
/// </summary>
internal static class DictionaryCount
{
    public static CountTotals Run(Segment[] segments, long threshold)
    {
        var counts = new Dictionary<(string Key, long Extent), long>();
        var sinceFired = new Dictionary<string, long>();
        long firings = 0, firedSum = 0;
        foreach (var segment in segments)
        {
            var payload = segment.Payload;
            var key = payload[EngineWorkload.KeyField]!.GetValue<string>();
            var time = payload[EngineWorkload.TimeField]!.GetValue<double>();
            var extent = (long)Math.Floor(time / EngineWorkload.WindowMs);
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, (key, extent), out _);
            count++;
            ref var seen = ref CollectionsMarshal.GetValueRefOrAddDefault(sinceFired, key, out _);
            if (++seen >= threshold)
            {
                seen = 0;
                firings++;
                firedSum += count;
            }
        }
        return new CountTotals(segments.Length, counts.Count, firings, firedSum);
    }
}
