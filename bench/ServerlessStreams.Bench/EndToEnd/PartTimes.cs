using System.Diagnostics;

namespace ServerlessStreams.Bench.EndToEnd;

/// <summary>
/// Time, this process's CPU time and bytes allocated per part of the path, summed over a pass. Bytes and CPU are the
/// process's, counted outside the timed span; nothing else in this process works while a part runs (the worker is
/// another process), so CPU time, unlike elapsed time, hardly moves with what else loads the machine.
/// </summary>
internal sealed class PartTimes
{
    public const string Encode = "encode";
    public const string Decode = "decode";
    public const string Stage = "stage";
    public const string RoundTrip = "round trip";

    private readonly Dictionary<string, (TimeSpan Elapsed, TimeSpan Cpu, long Bytes)> _parts = [];

    public T Measure<T>(string part, Func<T> work)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var result = work();
        var elapsed = Stopwatch.GetElapsedTime(started);
        Add(part, elapsed, Environment.CpuUsage.TotalTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        return result;
    }

    public async Task<T> MeasureAsync<T>(string part, Func<Task<T>> work)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var result = await work();
        var elapsed = Stopwatch.GetElapsedTime(started);
        Add(part, elapsed, Environment.CpuUsage.TotalTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        return result;
    }

    public Task MeasureAsync(string part, Func<Task> work) => MeasureAsync(part, async () =>
    {
        await work();
        return true;
    });

    public TimeSpan Elapsed(string part) => _parts.TryGetValue(part, out var p) ? p.Elapsed : TimeSpan.Zero;

    public TimeSpan Cpu(string part) => _parts.TryGetValue(part, out var p) ? p.Cpu : TimeSpan.Zero;

    public long Bytes(string part) => _parts.TryGetValue(part, out var p) ? p.Bytes : 0;

    public string PerRecord(string part, int records) =>
        $"{PerRecord(Elapsed(part), records)} (CPU {Cpu(part).TotalMicroseconds / records:F2}), {Bytes(part) / 1024.0 / records:F2} KB/record allocated";

    public static string PerRecord(TimeSpan elapsed, int records) => $"{elapsed.TotalMicroseconds / records,6:F2} µs/record";

    private void Add(string part, TimeSpan elapsed, TimeSpan cpu, long bytes)
    {
        var (sum, cpuSum, total) = _parts.GetValueOrDefault(part);
        _parts[part] = (sum + elapsed, cpuSum + cpu, total + bytes);
    }
}
