using System.Net;
using System.Text;
using System.Text.Json;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>The gRPC host against a real isolated worker process (tests/ServerlessStreams.TestWorker), started once for the class.</summary>
public sealed class GrpcWorkerHostProcessTests(GrpcWorkerHostProcessTests.RunningWorker worker) : IClassFixture<GrpcWorkerHostProcessTests.RunningWorker>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly KafkaEventRecord[] Records =
    [
        new("votes", 3, 42, DateTimeOffset.Parse("2026-03-16T12:00:00Z").ToUnixTimeMilliseconds(), "voter-1", "{\"candidate\":\"Ada\"}",
            new[] { new KafkaHeader("ss-id", Encoding.UTF8.GetBytes("votes/3/42")) }),
        new("votes", 3, 43, DateTimeOffset.Parse("2026-03-16T12:00:00.47Z").ToUnixTimeMilliseconds(), null, "{\"note\":\"ümlaut & <tag>\"}"),
    ];

    [Fact]
    public void The_worker_indexes_its_functions_and_reports_its_capabilities()
    {
        var host = worker.Host;

        Assert.Equal(["greet", "kafka-batch", "tick"], host.Functions.Keys.Order());
        var kafka = host.Functions["kafka-batch"].Trigger!;
        // The SDK's own metadata for a byte[][] batch: what BindingJson writes for the app's stage functions.
        Assert.Equal(("kafkaTrigger", "Many", "Binary", "%Topic%"),
            (kafka["type"]!.GetValue<string>(), kafka["cardinality"]!.GetValue<string>(), kafka["dataType"]!.GetValue<string>(), kafka["topic"]!.GetValue<string>()));
        Assert.Equal("true", host.Capabilities["TypedDataCollection"], ignoreCase: true);
        Assert.StartsWith("http://", host.Capabilities["HttpUri"]);
    }

    [Fact]
    public async Task A_kafka_batch_reaches_the_function_as_the_values_byte_arrays_with_the_trigger_metadata()
    {
        var request = InvocationRequests.KafkaBatch("events", Records, KafkaBatchDataType.Binary);

        var outcome = await worker.Host.InvokeAsync("kafka-batch", request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var recorded = worker.App.Recorded("kafka", request.InvocationId);
        var values = recorded.GetProperty("Values").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(Records.Select(r => r.ValueText), values);
        var metadata = recorded.GetProperty("Metadata");
        // collection_sint64 reaches the function's binding data as the worker renders 64-bit numbers: strings.
        Assert.Equal("[\"42\",\"43\"]", Compact(metadata.GetProperty("OffsetArray").GetString()!));
        Assert.Equal("[3,3]", Compact(metadata.GetProperty("PartitionArray").GetString()!));
        Assert.Equal("[\"voter-1\",null]", Compact(metadata.GetProperty("KeyArray").GetString()!));
    }

    [Fact]
    public async Task A_function_that_throws_fails_its_invocation_with_the_exception_message()
    {
        var outcome = await worker.Host.InvokeAsync("kafka-batch",
            InvocationRequests.KafkaBatch("events", [new KafkaEventRecord("votes", 0, 1, 0, null, "fail")], KafkaBatchDataType.Binary),
            CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("a record asked to fail", outcome.Error);
    }

    [Fact]
    public async Task A_timer_run_reaches_the_function_as_its_timer_info()
    {
        var request = InvocationRequests.Timer("timer", DateTimeOffset.Parse("2026-03-16T12:00:00Z"),
            last: DateTimeOffset.Parse("2026-03-16T11:59:55Z"), next: DateTimeOffset.Parse("2026-03-16T12:00:05Z"));

        var outcome = await worker.Host.InvokeAsync("tick", request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var recorded = worker.App.Recorded("timer", request.InvocationId);
        Assert.False(recorded.GetProperty("IsPastDue").GetBoolean());
        Assert.Equal(DateTime.Parse("2026-03-16T12:00:05Z", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal), recorded.GetProperty("Next").GetDateTime().ToUniversalTime());
        Assert.Equal("0 0 0 1 1 *", recorded.GetProperty("Setting").GetString());
    }

    [Fact]
    public async Task An_http_call_goes_through_the_workers_http_uri_with_route_values_and_query()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/greet/ada?from=tests");

        using var response = await worker.Host.InvokeHttpAsync("greet", request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello ada from tests", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_http_path_outside_the_functions_route_is_refused_before_anything_is_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/elsewhere");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.Host.InvokeHttpAsync("greet", request, CancellationToken.None));

        Assert.Contains("does not match the route of 'greet'", error.Message);
    }

    /// <summary>A JSON text without its whitespace, however the worker formatted it.</summary>
    private static string Compact(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    /// <summary>One worker process for the class: starting one takes seconds.</summary>
    public sealed class RunningWorker : IAsyncLifetime
    {
        public TestWorkerApp App { get; } = new();

        internal GrpcWorkerHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Host = new GrpcWorkerHost(new GrpcWorkerHostOptions
            {
                AppDirectory = TestWorkerApp.Directory,
                AppSettings = App.Settings(),
                StartupTimeout = Patience,
                InvocationTimeout = Patience,
            });
            await Host.StartAsync(CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            App.Dispose();
        }
    }
}
