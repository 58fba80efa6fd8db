using System.Net;
using System.Net.Sockets;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Observability;

/// <summary>The metrics in the Prometheus text format, scraped over HTTP as Prometheus does.</summary>
public sealed class PrometheusExportTests
{
    [Fact]
    public async Task A_scrape_returns_the_stream_metrics_in_the_prometheus_text_format()
    {
        var endpoint = new Uri($"http://127.0.0.1:{FreePort()}/");
        using var metrics = new StreamMetrics();
        using var provider = Telemetry.CreateMeterProvider(new TelemetryOptions { PrometheusEndpoint = endpoint });
        metrics.RecordsIn("election", "votes", TaskType.Input, 42);
        metrics.DeadLetters("election", "votes", 3);

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(endpoint, "metrics"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE serverlessstreams_records_in_total counter", text, StringComparison.Ordinal);
        var line = Assert.Single(text.Split('\n'), l => l.StartsWith("serverlessstreams_records_in_total{", StringComparison.Ordinal));
        Assert.Contains("job=\"election\"", line, StringComparison.Ordinal);
        Assert.Contains("task=\"votes\"", line, StringComparison.Ordinal);
        Assert.Contains("} 42", line, StringComparison.Ordinal);
        Assert.Contains("serverlessstreams_records_dead_lettered_total{", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9464/", true)]
    [InlineData("https://127.0.0.1:9464/", false)]
    [InlineData("9464", false)]
    public void The_endpoint_is_read_from_its_variable_and_checked(string value, bool valid)
    {
        string? Read(string name) => name == TelemetryOptions.PrometheusVariable ? value : null;
        if (valid)
        {
            Assert.Equal(new Uri(value), TelemetryOptions.FromEnvironment(Read).PrometheusEndpoint);
        }
        else
        {
            var error = Assert.Throws<InvalidOperationException>(() => TelemetryOptions.FromEnvironment(Read));
            Assert.Contains(TelemetryOptions.PrometheusVariable, error.Message, StringComparison.Ordinal);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
