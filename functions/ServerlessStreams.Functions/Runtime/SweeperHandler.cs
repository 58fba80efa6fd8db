using ServerlessStreams.Durable.Sweeping;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Observability;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>TEMPORARY (see <see cref="JobHost"/>): the custom handler's form of <see cref="Worker.JobFunctions.SweepAsync"/>.</summary>
public sealed class SweeperHandler(string job, Sweeper sweeper, StreamMetrics? metrics = null) : IInvocationHandler
{
    public async Task<InvocationResult> HandleAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var report = await sweeper.SweepAsync(cancellationToken);
        if (metrics is not null && report.Swept)
        {
            metrics.SweeperLag(job, DateTimeOffset.UtcNow - started);
            foreach (var firing in report.Firings) metrics.WindowsFired(job, "sweeper", firing.WindowId, firing.TriggerId);
        }
        return InvocationResult.WithLogs(report.ToString());
    }
}
