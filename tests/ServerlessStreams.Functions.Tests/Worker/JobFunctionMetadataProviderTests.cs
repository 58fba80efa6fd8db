using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.DependencyInjection;
using Election;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Functions.Worker;

namespace ServerlessStreams.Functions.Tests.Worker;

public sealed class JobFunctionMetadataProviderTests
{
    /// <summary>
    /// The official attribute's binding, as the worker SDK writes it for
    /// <c>[KafkaTrigger("%KafkaBrokerList%", "%Topic_votes%", ConsumerGroup = …, Username = "%KafkaUsername%",
    /// Password = "%KafkaPassword%", Protocol = BrokerProtocol.SaslSsl, AuthenticationMode = BrokerAuthenticationMode.Plain,
    /// LagThreshold = 1000, IsBatched = true)] byte[][] events</c>.
    /// </summary>
    public const string OfficialSaslSslBinding = """
        {"name":"events","type":"kafkaTrigger","direction":"In","brokerList":"%KafkaBrokerList%","topic":"%Topic_votes%",
         "consumerGroup":"ss-election-votes","username":"%KafkaUsername%","password":"%KafkaPassword%","protocol":"SaslSsl",
         "authenticationMode":"Plain","lagThreshold":1000,"cardinality":"Many","dataType":"Binary"}
        """;

    public const string OfficialPlaintextBinding = """
        {"name":"events","type":"kafkaTrigger","direction":"In","brokerList":"%KafkaBrokerList%","topic":"%Topic_votes%",
         "consumerGroup":"ss-election-votes","protocol":"Plaintext","lagThreshold":1000,"cardinality":"Many","dataType":"Binary"}
        """;

    private static IReadOnlyList<IFunctionMetadata> Describe(KafkaConnectionOptions kafka) =>
        JobFunctionMetadataProvider.Describe(ElectionSample.Load(), new GenerationOptions { Kafka = kafka });

    private static JsonObject Binding(IFunctionMetadata function, int index) => JsonNode.Parse(function.RawBindings![index])!.AsObject();

    [Fact]
    public void The_election_job_has_a_stage_keyed_functions_the_sweeper_the_query_the_views_stats_health_ingestion_and_the_dashboard()
    {
        var names = Describe(KafkaConnectionOptions.SaslSsl).Select(f => f.Name).ToList();

        Assert.Equal(["stage-votes", "keyed-all-votes", "keyed-by-candidate", "sweeper", "query", "views", "stats", "health", "ingest-votes",
            "dashboard", "dashboard-data"], names);
        Assert.All(names, name => Assert.True(FunctionNames.IsValid(name!), name));
    }

    [Theory]
    [InlineData(true, OfficialSaslSslBinding)]
    [InlineData(false, OfficialPlaintextBinding)]
    public void A_stage_binding_is_what_the_official_attribute_gives(bool sasl, string expected)
    {
        var stage = Describe(sasl ? KafkaConnectionOptions.SaslSsl : KafkaConnectionOptions.Plaintext)[0];

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), Binding(stage, 0)), stage.RawBindings![0]);
    }

    [Fact]
    public void The_attribute_of_ours_gives_the_same_binding_as_the_provider_reports()
    {
        var job = ElectionSample.Load();
        var attribute = JobFunctionCatalog.KafkaTrigger(job, "votes");

        var binding = BindingJson.KafkaTrigger(attribute, "events");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OfficialSaslSslBinding), binding));
        Assert.Equal(Microsoft.Azure.Functions.Worker.Extensions.Abstractions.Cardinality.Many,
            ((Microsoft.Azure.Functions.Worker.Extensions.Abstractions.ISupportCardinality)attribute).Cardinality);
    }

    [Fact]
    public void The_sweeper_runs_on_the_jobs_smallest_timer_period_and_http_functions_answer_get()
    {
        var functions = Describe(KafkaConnectionOptions.SaslSsl).ToDictionary(f => f.Name!);

        Assert.Equal("*/5 * * * * *", Binding(functions["sweeper"], 0)["schedule"]!.GetValue<string>());
        Assert.Equal("jobs/{job}/windows/{window}/keys/{key}", Binding(functions["query"], 0)["route"]!.GetValue<string>());
        Assert.Equal("jobs/{job}/views/{view}", Binding(functions["views"], 0)["route"]!.GetValue<string>());
        Assert.Equal("jobs/{job}/stats", Binding(functions["stats"], 0)["route"]!.GetValue<string>());
        Assert.Equal("Function", Binding(functions["stats"], 0)["authLevel"]!.GetValue<string>());
        Assert.Equal("Anonymous", Binding(functions["health"], 0)["authLevel"]!.GetValue<string>());
        foreach (var http in new[] { "query", "views", "stats", "health" })
        {
            Assert.Equal("""["get"]""", Binding(functions[http], 0)["methods"]!.ToJsonString());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"$return","type":"http","direction":"Out"}"""), Binding(functions[http], 1)));
        }
    }

    /// <summary>
    /// What the worker does with the metadata before the host sees it: every binding has a name, a type and a direction
    /// that parse as the gRPC enums (case-sensitively), a dataType too; and the host loads each function from
    /// ScriptFile and EntryPoint, whose trigger parameter carries the binding's name.
    /// </summary>
    [Fact]
    public void Every_function_is_loadable_as_the_worker_and_host_read_it()
    {
        foreach (var function in Describe(KafkaConnectionOptions.SaslSsl))
        {
            Assert.Equal("dotnet-isolated", function.Language);
            Assert.Equal("ServerlessStreams.Functions.dll", function.ScriptFile);
            Assert.Equal(Path.GetFileName(typeof(JobFunctions).Assembly.Location), function.ScriptFile);
            Assert.False(string.IsNullOrEmpty(function.FunctionId));

            var typeName = function.EntryPoint![..function.EntryPoint!.LastIndexOf('.')];
            var methodName = function.EntryPoint[(typeName.Length + 1)..];
            var type = typeof(JobFunctions).Assembly.GetType(typeName, throwOnError: true)!;
            var method = Assert.Single(type.GetMethods(), m => m.Name == methodName);
            Assert.True(method.IsPublic && !method.IsStatic);

            var bindings = function.RawBindings!.Select(b => JsonNode.Parse(b)!.AsObject()).ToList();
            Assert.Single(bindings, b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal));
            foreach (var binding in bindings)
            {
                Assert.Contains(binding["direction"]!.GetValue<string>(), new[] { "In", "Out" });
                Assert.False(string.IsNullOrEmpty(binding["name"]!.GetValue<string>()));
                if (binding["dataType"] is { } dataType) Assert.Contains(dataType.GetValue<string>(), new[] { "String", "Binary", "Stream" });
            }
            var trigger = bindings[0]["name"]!.GetValue<string>();
            var parameters = method.GetParameters().Select(p => p.Name).ToList();
            if (trigger != JobFunctionCatalog.TimerParameter) Assert.Contains(trigger, parameters);
        }
    }

    [Fact]
    public async Task AddServerlessStreams_replaces_the_worker_SDKs_metadata_provider()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IFunctionMetadataProvider, StandInProvider>();
        services.AddLogging();

        services.AddServerlessStreams(ElectionSample.Load(), Registrations.Create(), name => name switch
        {
            "KafkaBrokerList" => "127.0.0.1:9",
            _ => null,
        });
        await using var provider = services.BuildServiceProvider();

        var metadata = await provider.GetRequiredService<IFunctionMetadataProvider>().GetFunctionMetadataAsync("/app");
        Assert.Equal(11, metadata.Length);
        Assert.Equal("Plaintext", JsonNode.Parse(metadata[0].RawBindings![0])!["protocol"]!.GetValue<string>());
        using var scope = provider.CreateScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<JobFunctions>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<Functions.Ingestion.IngestFunctions>());
    }

    private sealed class StandInProvider : IFunctionMetadataProvider
    {
        public Task<System.Collections.Immutable.ImmutableArray<IFunctionMetadata>> GetFunctionMetadataAsync(string directory) =>
            Task.FromResult(System.Collections.Immutable.ImmutableArray<IFunctionMetadata>.Empty);
    }
}
