using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// OpenTelemetry for the function app and the local host: the <see cref="ActivitySource"/> stages
/// trace with, and providers that export the <c>ServerlessStreams</c> meter and source over OTLP when
/// an endpoint is configured, and serve them in the Prometheus text format when asked to. Providers are built directly (no hosting integration); dispose them on exit to flush.
/// </summary>
internal static class Telemetry
{
    public const string SourceName = StreamMetrics.MeterName;

    public static readonly string Version = typeof(Telemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Spans for invocations, batches and store commits; free when nobody listens.</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName, Version);

    /// <summary>
    /// A meter provider collecting the <see cref="StreamMetrics.MeterName"/> meter, exporting over OTLP when
    /// <see cref="TelemetryOptions.OtlpEndpoint"/> is set. <paramref name="configure"/> may add readers or views.
    /// </summary>
    public static MeterProvider CreateMeterProvider(TelemetryOptions options, Action<MeterProviderBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(Resource(options))
            .AddMeter(StreamMetrics.MeterName);
        if (options.OtlpEndpoint is { } endpoint)
        {
            builder.AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = SignalEndpoint(endpoint, options.OtlpProtocol, "v1/metrics");
                exporter.Protocol = options.OtlpProtocol;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricExportInterval.TotalMilliseconds;
            });
        }

        if (options.PrometheusEndpoint is { } prometheus)
        {
            // Prometheus pulls: the exporter answers each scrape of <endpoint>metrics with the current values.
            builder.AddPrometheusHttpListener(listener =>
            {
                listener.Host = prometheus.Host;
                listener.Port = prometheus.Port;
            });
        }

        configure?.Invoke(builder);
        return builder.Build() ?? throw new InvalidOperationException("OpenTelemetry built no meter provider.");
    }

    /// <summary>
    /// A tracer provider for <see cref="ActivitySource"/>, exporting over OTLP when
    /// <see cref="TelemetryOptions.OtlpEndpoint"/> is set. <paramref name="configure"/> may add sources or processors.
    /// </summary>
    public static TracerProvider CreateTracerProvider(TelemetryOptions options, Action<TracerProviderBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(Resource(options))
            .AddSource(SourceName);
        if (options.OtlpEndpoint is { } endpoint)
        {
            builder.AddOtlpExporter(exporter =>
            {
                exporter.Endpoint = SignalEndpoint(endpoint, options.OtlpProtocol, "v1/traces");
                exporter.Protocol = options.OtlpProtocol;
            });
        }

        configure?.Invoke(builder);
        return builder.Build() ?? throw new InvalidOperationException("OpenTelemetry built no tracer provider.");
    }

    /// <summary>
    /// The endpoint a signal is sent to. An endpoint set in code is used as given, so for HTTP the
    /// signal's path is appended here, as the exporter does itself only for environment variables.
    /// </summary>
    internal static Uri SignalEndpoint(Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        if (protocol != OtlpExportProtocol.HttpProtobuf)
        {
            return endpoint;
        }

        var builder = new UriBuilder(endpoint);
        builder.Path = builder.Path.TrimEnd('/') + "/" + signalPath;
        return builder.Uri;
    }

    private static ResourceBuilder Resource(TelemetryOptions options) =>
        ResourceBuilder.CreateDefault().AddService(options.ServiceName, serviceVersion: Version);
}
