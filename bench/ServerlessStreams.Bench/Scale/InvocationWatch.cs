using System.Collections.Concurrent;
using System.Diagnostics;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// Wraps an instance's worker channel to see its invocations: those in flight and since when, and every failure by its
/// error, so a round that stalls can say what its instances were waiting for.
/// </summary>
internal sealed class InvocationWatch
{
    private const int ErrorLength = 200;

    private readonly ConcurrentDictionary<long, (string Function, long Started)> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private long _next;

    public IFunctionInvoker Wrap(IFunctionInvoker worker) => new Watched(worker, this);

    /// <summary>Invocations running longer than <paramref name="atLeast"/>, and the failures by error.</summary>
    public string Describe(TimeSpan atLeast)
    {
        var waiting = _inFlight.Values.Select(v => (v.Function, Age: Stopwatch.GetElapsedTime(v.Started))).Where(v => v.Age >= atLeast)
            .Select(v => $"{v.Function} for {v.Age.TotalSeconds:F0} s").ToList();
        var failed = _failures.OrderByDescending(f => f.Value).Take(5).Select(f => $"{f.Value} × {f.Key}").ToList();
        return $"in flight over {atLeast.TotalSeconds:F0} s: {(waiting.Count == 0 ? "none" : string.Join(", ", waiting))}; " +
               $"invocations failed: {(failed.Count == 0 ? "none" : string.Join("; ", failed))}";
    }

    private sealed class Watched(IFunctionInvoker worker, InvocationWatch watch) : IFunctionInvoker
    {
        public async Task<InvocationStatus> InvokeAsync(string functionName, InvocationRequest request, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref watch._next);
            watch._inFlight[id] = (functionName, Stopwatch.GetTimestamp());
            try
            {
                var outcome = await worker.InvokeAsync(functionName, request, cancellationToken);
                if (!outcome.Succeeded) Count(functionName, outcome.Error ?? "failed");
                return outcome;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Count(functionName, e.Message);
                throw;
            }
            finally
            {
                watch._inFlight.TryRemove(id, out _);
            }
        }

        private void Count(string function, string error)
        {
            var key = $"{function}: {(error.Length > ErrorLength ? error[..ErrorLength] + "…" : error)}";
            watch._failures.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
    }
}
