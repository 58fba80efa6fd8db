using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Election;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Ingestion;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Functions.Tests.Worker;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Ingestion;

/// <summary><c>POST /api/ingest/votes</c> on the election job, with a publisher that records what it is given.</summary>
public sealed class IngestFunctionsTests
{
    private const string Vote = """{"voterId":"v1","candidate":"Ada","eventTime":"2026-11-03T10:00:00Z"}""";

    private readonly FakePublisher _publisher = new();

    private IngestFunctions Functions(Func<JobSpec, JobSpec>? change = null)
    {
        var job = ElectionSample.Load();
        return new IngestFunctions(new JobIngestion(change is null ? job : change(job), _publisher));
    }

    [Fact]
    public void The_catalog_has_one_function_level_post_function_per_ingestible_input()
    {
        var function = Assert.Single(JobFunctionCatalog.For(ElectionSample.Load()), f => f.Name.StartsWith(IngestFunctions.Prefix, StringComparison.Ordinal));
        Assert.Equal("ingest-votes", function.Name);
        Assert.EndsWith("IngestFunctions.IngestAsync", function.EntryPoint, StringComparison.Ordinal);
        var trigger = function.Bindings[0];
        Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal("Function", trigger["authLevel"]!.GetValue<string>());
        Assert.Equal("ingest/votes", trigger["route"]!.GetValue<string>());
        Assert.Equal("post", Assert.Single(trigger["methods"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task One_object_is_produced_to_the_tasks_topic_and_answered_with_its_position()
    {
        var (status, body) = await Post(Functions(), "application/json", Vote);

        Assert.Equal(202, status);
        var record = Assert.Single(_publisher.Records);
        Assert.Equal("votes", record.Topic);
        Assert.Equal(Vote, Encoding.UTF8.GetString(record.Value.Span));
        Assert.Null(record.Key);
        Assert.Null(record.Id);
        Assert.Equal(1, body["records"]!.GetValue<int>());
        Assert.Equal("votes", body["topic"]!.GetValue<string>());
        var partition = Assert.Single(body["partitions"]!.AsArray())!;
        Assert.Equal(0, partition["firstOffset"]!.GetValue<long>());
        Assert.Equal(0, partition["lastOffset"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("application/json", "[" + Vote + "," + Vote + ",\n" + Vote + "]")]
    [InlineData("application/json; charset=utf-8", "[" + Vote + "," + Vote + "," + Vote + "]")]
    [InlineData("application/x-ndjson", Vote + "\n" + Vote + "\r\n\n" + Vote + "\n")]
    public async Task An_array_or_ndjson_produces_every_record_as_the_client_sent_it(string contentType, string text)
    {
        var (status, body) = await Post(Functions(), contentType, text);

        Assert.Equal(202, status);
        Assert.Equal(3, _publisher.Records.Count);
        Assert.All(_publisher.Records, r => Assert.Equal(Vote, Encoding.UTF8.GetString(r.Value.Span)));
        Assert.Equal(3, body["records"]!.GetValue<int>());
        Assert.Equal(2, body["partitions"]![0]!["lastOffset"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_idempotency_key_gives_every_record_a_key_and_segment_id_that_a_retry_repeats()
    {
        var functions = Functions();
        await Post(functions, "application/json", $"[{Vote},{Vote}]", "order-17");
        var first = _publisher.Records.ToList();
        _publisher.Records.Clear();
        await Post(functions, "application/json", $"[{Vote},{Vote}]", "order-17");

        Assert.Equal(["order-17/0", "order-17/1"], first.Select(r => r.Key));
        Assert.Equal([new SegmentId("ingest/votes/order-17/0"), new SegmentId("ingest/votes/order-17/1")], first.Select(r => r.Id));
        Assert.Equal(first.Select(r => (r.Key, r.Id)), _publisher.Records.Select(r => (r.Key, r.Id)));
    }

    [Fact]
    public async Task The_key_field_the_spec_names_keys_the_records()
    {
        var functions = Functions(job => WithIngest(job, new IngestSettings { KeyField = "voterId" }));
        var (status, _) = await Post(functions, "application/json", """[{"voterId":"v7","candidate":"Ada"},{"voterId":8,"candidate":"Bo"}]""", "k");

        Assert.Equal(202, status);
        Assert.Equal(["v7", "8"], _publisher.Records.Select(r => r.Key));
    }

    [Theory]
    [InlineData("[" + Vote + ",42]", 1, "not a JSON object")]
    [InlineData("[" + Vote + ",{\"candidate\":\"Ada\",\"eventTime\":\"not a time\"}]", 1, "window key 'eventTime' is not an ISO-8601 time or epoch milliseconds")]
    [InlineData("[" + Vote + "," + Vote + ",{\"a\":]", 2, "not JSON")]
    [InlineData("", 0, "the body is empty")]
    public async Task A_malformed_record_is_named_by_index_and_nothing_is_produced(string text, int index, string problem)
    {
        var (status, body) = await Post(Functions(), "application/json", text);

        Assert.Equal(400, status);
        Assert.Empty(_publisher.Records);
        var listed = body["records"]!.AsArray()[0]!;
        Assert.Equal(index, listed["index"]!.GetValue<int>());
        Assert.StartsWith(problem, listed["problem"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("nothing was produced", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_malformed_ndjson_line_is_listed()
    {
        var (status, body) = await Post(Functions(), "application/x-ndjson", $"{Vote}\n[]\n{Vote}\n{{oops\n");

        Assert.Equal(400, status);
        Assert.Equal([1, 3], body["records"]!.AsArray().Select(r => r!["index"]!.GetValue<int>()));
        Assert.StartsWith("2 of 4 records are malformed, the first is record 1: not a JSON object", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_publisher.Records);
    }

    [Fact]
    public async Task A_record_over_the_record_limit_is_malformed()
    {
        var functions = Functions(job => WithIngest(job, new IngestSettings { MaxRecordBytes = Vote.Length - 1 }));
        var (status, body) = await Post(functions, "application/json", Vote);

        Assert.Equal(400, status);
        Assert.Equal($"too large: {Vote.Length} bytes, at most {Vote.Length - 1}", body["records"]![0]!["problem"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_refused_with_413_whether_or_not_it_declares_its_length(bool declared)
    {
        var functions = Functions(job => WithIngest(job, new IngestSettings { MaxBodyBytes = Vote.Length - 1 }));
        var (status, body) = await Post(functions, "application/json", Vote, declareLength: declared);

        Assert.Equal(413, status);
        Assert.Contains($"at most {Vote.Length - 1}", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_publisher.Records);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    [InlineData(null)]
    public async Task Other_content_types_are_refused_with_415(string? contentType)
    {
        var (status, _) = await Post(Functions(), contentType, Vote);

        Assert.Equal(415, status);
        Assert.Empty(_publisher.Records);
    }

    [Fact]
    public async Task A_bad_idempotency_key_is_refused()
    {
        var (status, body) = await Post(Functions(), "application/json", Vote, "has space");

        Assert.Equal(400, status);
        Assert.Contains("Idempotency-Key", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_delivery_is_503_and_says_how_to_retry()
    {
        _publisher.Failure = new KafkaDeliveryException("votes", "broker down", 1, 1);
        var (status, body) = await Post(Functions(), "application/json", Vote, "k1");

        Assert.Equal(503, status);
        Assert.Contains("retry with the same Idempotency-Key", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_of_no_ingestible_input_is_404()
    {
        var (status, _) = await Post(Functions(), "application/json", Vote, function: "ingest-results");

        Assert.Equal(404, status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_app_settings_body_limit_wins_over_the_specs_and_refuses_a_larger_body_with_413(bool declared)
    {
        await using var provider = Worker(ElectionSample.Load(), new() { [AppSettingNames.IngestMaxBodyBytes] = $"{Vote.Length - 1}" });

        var (status, body) = await Post(provider, Vote, declared);

        Assert.Equal(IngestSettings.Default.MaxBodyBytes, ElectionSample.Load().Task("votes").Ingest!.MaxBodyBytes); // the spec would take it
        Assert.Equal(413, status);
        Assert.Equal($"the body {(declared ? $"has {Vote.Length} bytes; 'votes' takes at most {Vote.Length - 1}" : $"is larger than 'votes' takes: at most {Vote.Length - 1} bytes")}",
            body["error"]!.GetValue<string>());
        Assert.Empty(_publisher.Records);
    }

    [Fact]
    public async Task The_app_settings_limits_may_also_be_larger_than_the_specs()
    {
        var job = WithIngest(ElectionSample.Load(), new IngestSettings { MaxBodyBytes = 10, MaxRecordBytes = 10 });
        await using var provider = Worker(job, new()
        {
            [AppSettingNames.IngestMaxBodyBytes] = "1048576",
            [AppSettingNames.IngestMaxRecordBytes] = "4096",
        });

        var (status, _) = await Post(provider, Vote, declareLength: true);

        Assert.Equal(202, status);
        Assert.Single(_publisher.Records);
    }

    [Fact]
    public async Task The_app_settings_record_limit_wins_over_the_specs()
    {
        await using var provider = Worker(ElectionSample.Load(), new() { [AppSettingNames.IngestMaxRecordBytes] = $"{Vote.Length - 1}" });

        var (status, body) = await Post(provider, Vote, declareLength: true);

        Assert.Equal(400, status);
        Assert.Equal($"too large: {Vote.Length} bytes, at most {Vote.Length - 1}", body["records"]![0]!["problem"]!.GetValue<string>());
    }

    /// <summary>The worker's services as <c>AddServerlessStreams</c> registers them, with these app settings and the fake publisher.</summary>
    private ServiceProvider Worker(JobSpec job, Dictionary<string, string> settings)
    {
        settings[AppSettingNames.KafkaBrokerList] = "127.0.0.1:9";
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IIngestPublisher>(_publisher);
        services.AddServerlessStreams(job, Registrations.Create(), name => settings.GetValueOrDefault(name));
        return services.BuildServiceProvider();
    }

    private static async Task<(int Status, JsonNode Body)> Post(ServiceProvider provider, string text, bool declareLength)
    {
        await using var scope = provider.CreateAsyncScope();
        return await Post(scope.ServiceProvider.GetRequiredService<IngestFunctions>(), "application/json", text, declareLength: declareLength);
    }

    private static JobSpec WithIngest(JobSpec job, IngestSettings settings) =>
        job with { Catalog = job.Catalog.Select(t => t.Name == "votes" ? t with { Ingest = settings } : t).ToArray() };

    private static async Task<(int Status, JsonNode Body)> Post(IngestFunctions functions, string? contentType, string text,
        string? idempotencyKey = null, bool declareLength = true, string function = "ingest-votes")
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Request.Method = "POST";
        context.Request.Path = "/api/ingest/votes";
        context.Request.ContentType = contentType;
        if (declareLength) context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        if (idempotencyKey is not null) context.Request.Headers[JobIngestion.IdempotencyKeyHeader] = idempotencyKey;
        return WorkerRig.Read(await functions.IngestAsync(context.Request, new FakeFunctionContext(function)));
    }

    private sealed class FakePublisher : IIngestPublisher
    {
        public List<OutgoingRecord> Records { get; } = [];
        public Exception? Failure { get; set; }

        public Task<IReadOnlyList<DeliveredRecord>> PublishAsync(IReadOnlyList<OutgoingRecord> records, CancellationToken ct)
        {
            if (Failure is not null) throw Failure;
            Records.AddRange(records);
            return Task.FromResult<IReadOnlyList<DeliveredRecord>>(records.Select((r, i) => new DeliveredRecord(r.Topic, 0, i)).ToList());
        }
    }
}
