using System.Diagnostics;
using ServerlessStreams.Local.Host;

namespace ServerlessStreams.Bench.Scale;

/// <summary>When the first batch of a function was delivered by any instance, on a clock, from now on.</summary>
internal sealed class FirstDelivery : IDisposable
{
    private readonly ScaleInstances _instances;
    private readonly string _function;
    private readonly Stopwatch _clock;
    private readonly List<Action<TriggerActivity>> _handlers = [];
    private long _ticks = -1;

    public FirstDelivery(ScaleInstances instances, string function, Stopwatch clock)
    {
        (_instances, _function, _clock) = (instances, function, clock);
        foreach (var host in instances.Hosts)
        {
            Action<TriggerActivity> handler = OnActivity;
            host.Activity += handler;
            _handlers.Add(handler);
        }
    }

    /// <summary>The clock's time at the first delivery; zero when none came yet.</summary>
    public TimeSpan At => Interlocked.Read(ref _ticks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;

    private void OnActivity(TriggerActivity activity)
    {
        if (activity.Kind == TriggerActivityKind.BatchDelivered && string.Equals(activity.FunctionName, _function, StringComparison.OrdinalIgnoreCase))
            Interlocked.CompareExchange(ref _ticks, _clock.Elapsed.Ticks, -1);
    }

    public void Dispose()
    {
        for (var i = 0; i < _handlers.Count; i++) _instances.Hosts[i].Activity -= _handlers[i];
    }
}
