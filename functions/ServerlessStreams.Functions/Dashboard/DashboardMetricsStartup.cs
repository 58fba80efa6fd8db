using Microsoft.Extensions.Hosting;

namespace ServerlessStreams.Functions.Dashboard;

/// <summary>
/// Starts <see cref="DashboardMetrics"/> with the worker, so its totals count from the first batch rather than from
/// the first time someone opens the dashboard.
/// </summary>
internal sealed class DashboardMetricsStartup(DashboardMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = metrics;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
