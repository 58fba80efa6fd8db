using OpenTelemetry.Exporter;

namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// Where OpenTelemetry data goes. Without an OTLP endpoint nothing leaves the process; with one,
/// metrics and traces are exported there (an OpenTelemetry Collector, Aspire dashboard, Jaeger…).
/// </summary>
internal sealed record TelemetryOptions
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";
    public const string DefaultServiceName = "serverlessstreams";

    public string ServiceName { get; init; } = DefaultServiceName;

    /// <summary>The OTLP base endpoint; null exports nothing.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>gRPC (the .NET exporter's default, port 4317) or HTTP/protobuf (port 4318).</summary>
    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.Grpc;

    /// <summary>How often metrics are pushed to the OTLP endpoint.</summary>
    public TimeSpan MetricExportInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The variable naming where metrics are served in the Prometheus text format, e.g. <c>http://127.0.0.1:9464/</c>.</summary>
    public const string PrometheusVariable = "ServerlessStreamsPrometheusEndpoint";

    /// <summary>Where the metrics are served for Prometheus to scrape (<c>metrics</c> under it); null for nowhere.</summary>
    public Uri? PrometheusEndpoint { get; init; }

    /// <summary>
    /// Reads the standard variables <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
    /// (<c>grpc</c> or <c>http/protobuf</c>) and <c>OTEL_SERVICE_NAME</c>; errors name the variable.
    /// </summary>
    public static TelemetryOptions FromEnvironment(Func<string, string?>? readVariable = null)
    {
        readVariable ??= Environment.GetEnvironmentVariable;
        var options = new TelemetryOptions();

        if (readVariable(ServiceNameVariable) is { Length: > 0 } serviceName)
        {
            options = options with { ServiceName = serviceName };
        }

        if (readVariable(EndpointVariable) is { Length: > 0 } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException(
                    $"{EndpointVariable} '{endpoint}' is not an http:// or https:// address (e.g. http://localhost:4317).");
            }

            options = options with { OtlpEndpoint = uri };
        }

        if (readVariable(PrometheusVariable) is { Length: > 0 } prometheus)
        {
            if (!Uri.TryCreate(prometheus, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new InvalidOperationException($"{PrometheusVariable} '{prometheus}' is not an http:// address (e.g. http://127.0.0.1:9464/).");
            }

            options = options with { PrometheusEndpoint = uri };
        }

        options = readVariable(ProtocolVariable) switch
        {
            null or "" => options,
            "grpc" => options with { OtlpProtocol = OtlpExportProtocol.Grpc },
            "http/protobuf" => options with { OtlpProtocol = OtlpExportProtocol.HttpProtobuf },
            var other => throw new InvalidOperationException(
                $"{ProtocolVariable} '{other}' is not supported: use 'grpc' or 'http/protobuf'."),
        };

        return options;
    }
}
