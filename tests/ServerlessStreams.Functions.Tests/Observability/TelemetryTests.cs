using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServerlessStreams.Functions.Observability;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Observability;

public sealed class TelemetryTests
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public void FromEnvironment_WithNothingSet_ExportsNothing()
    {
        var options = TelemetryOptions.FromEnvironment(_ => null);

        Assert.Null(options.OtlpEndpoint);
        Assert.Equal(TelemetryOptions.DefaultServiceName, options.ServiceName);
        Assert.Equal(OtlpExportProtocol.Grpc, options.OtlpProtocol);
    }

    [Fact]
    public void FromEnvironment_ReadsTheStandardVariables()
    {
        var variables = new Dictionary<string, string>
        {
            [TelemetryOptions.EndpointVariable] = "http://collector:4318",
            [TelemetryOptions.ProtocolVariable] = "http/protobuf",
            [TelemetryOptions.ServiceNameVariable] = "election-app",
        };

        var options = TelemetryOptions.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal(new Uri("http://collector:4318"), options.OtlpEndpoint);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, options.OtlpProtocol);
        Assert.Equal("election-app", options.ServiceName);
    }

    [Theory]
    [InlineData("collector:4317")]
    [InlineData("not a uri")]
    [InlineData("ftp://collector")]
    public void FromEnvironment_WithABadEndpoint_NamesTheVariable(string endpoint)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TelemetryOptions.FromEnvironment(
            name => name == TelemetryOptions.EndpointVariable ? endpoint : null));

        Assert.StartsWith($"{TelemetryOptions.EndpointVariable} '{endpoint}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_WithAnUnknownProtocol_NamesTheVariable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TelemetryOptions.FromEnvironment(
            name => name == TelemetryOptions.ProtocolVariable ? "http/json" : null));

        Assert.Contains(TelemetryOptions.ProtocolVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("'http/json'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/metrics")]
    [InlineData("https://gateway/otlp", "https://gateway/otlp/v1/metrics")]
    public void SignalEndpoint_ForHttp_AppendsTheSignalPath(string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), Telemetry.SignalEndpoint(new Uri(endpoint), OtlpExportProtocol.HttpProtobuf, "v1/metrics"));
    }

    [Fact]
    public void SignalEndpoint_ForGrpc_IsTheEndpointItself()
    {
        Assert.Equal(new Uri("http://collector:4317"), Telemetry.SignalEndpoint(new Uri("http://collector:4317"), OtlpExportProtocol.Grpc, "v1/traces"));
    }

    [Fact]
    public void MeterProvider_CollectsTheServerlessStreamsMeter()
    {
        var job = "job-" + Guid.NewGuid().ToString("N");
        var exporter = new CollectingMetricExporter(job);
        using var provider = Telemetry.CreateMeterProvider(new TelemetryOptions(), builder => builder.AddReader(new BaseExportingMetricReader(exporter)));
        using var metrics = new StreamMetrics();

        metrics.RecordsIn(job, "process-vote", TaskType.Input, 40);
        metrics.RecordsIn(job, "process-vote", TaskType.Input, 2);
        metrics.WindowsFired(job, "process-vote", "votes-per-hour", "tick");
        Assert.True(provider.ForceFlush((int)FlushTimeout.TotalMilliseconds));

        Assert.Equal(42, exporter.Sums[MetricNames.RecordsIn]);
        Assert.Equal(1, exporter.Sums[MetricNames.WindowsFired]);
    }

    [Fact]
    public void TracerProvider_CollectsTheServerlessStreamsSource()
    {
        var marker = Guid.NewGuid().ToString("N");
        var exported = new List<Activity>();
        using var provider = Telemetry.CreateTracerProvider(new TelemetryOptions(), builder =>
            builder.AddProcessor(new SimpleActivityExportProcessor(new CollectingActivityExporter(exported, marker))));

        using (var activity = Telemetry.ActivitySource.StartActivity("process batch"))
        {
            Assert.NotNull(activity);
            activity.SetTag("marker", marker);
        }

        Assert.True(provider.ForceFlush((int)FlushTimeout.TotalMilliseconds));
        var span = Assert.Single(exported);
        Assert.Equal("process batch", span.DisplayName);
        Assert.Equal(Telemetry.SourceName, span.Source.Name);
    }

    [Fact]
    public async Task WithAnOtlpEndpoint_MetricsAndTracesArePostedToTheirHttpPaths()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var options = new TelemetryOptions { OtlpEndpoint = receiver.Endpoint, OtlpProtocol = OtlpExportProtocol.HttpProtobuf };
        using var meterProvider = Telemetry.CreateMeterProvider(options);
        using var tracerProvider = Telemetry.CreateTracerProvider(options);
        using var metrics = new StreamMetrics();

        metrics.RecordsIn("exported", "task", TaskType.Input, 1);
        Telemetry.ActivitySource.StartActivity("exported span")?.Dispose();
        Assert.True(meterProvider.ForceFlush((int)FlushTimeout.TotalMilliseconds), "metrics were not exported");
        Assert.True(tracerProvider.ForceFlush((int)FlushTimeout.TotalMilliseconds), "traces were not exported");
        await receiver.WaitForRequestAsync("/v1/metrics", FlushTimeout);
        await receiver.WaitForRequestAsync("/v1/traces", FlushTimeout);

        Assert.Contains(receiver.Requests, r => r.Path == "/v1/metrics" && r.ContentType == "application/x-protobuf" && r.Length > 0);
        Assert.Contains(receiver.Requests, r => r.Path == "/v1/traces" && r.ContentType == "application/x-protobuf" && r.Length > 0);
    }

    /// <summary>Sums long counters whose job tag is <c>job</c> (other tests in the process use the same meter name).</summary>
    private sealed class CollectingMetricExporter(string job) : BaseExporter<Metric>
    {
        public Dictionary<string, long> Sums { get; } = [];

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var matches = false;
                    foreach (var tag in point.Tags)
                    {
                        matches |= tag.Key == MetricNames.JobTag && Equals(tag.Value, job);
                    }

                    if (matches && metric.MetricType == MetricType.LongSum)
                    {
                        Sums[metric.Name] = point.GetSumLong();
                    }
                }
            }

            return ExportResult.Success;
        }
    }

    private sealed class CollectingActivityExporter(List<Activity> exported, string marker) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                if (Equals(activity.GetTagItem("marker"), marker))
                {
                    exported.Add(activity);
                }
            }

            return ExportResult.Success;
        }
    }
}
