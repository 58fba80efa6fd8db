using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Tests.Generation;

public class FunctionJsonGeneratorTests
{
    [Fact]
    public void The_election_sample_gets_one_stage_a_sweeper_a_query_and_health()
    {
        var functions = FunctionJsonGenerator.Generate(ElectionSample.Load());

        Assert.Equal(["stage-votes", "sweeper", "query", "health"], functions.Select(f => f.Name));
        Assert.All(functions, f => Assert.True(FunctionNames.IsValid(f.Name)));
    }

    [Fact]
    public void A_stage_binding_is_a_kafka_trigger_reading_app_settings()
    {
        var binding = Binding(FunctionJsonGenerator.Generate(ElectionSample.Load()), "stage-votes");

        Assert.Equal("kafkaTrigger", binding["type"]!.GetValue<string>());
        Assert.Equal("in", binding["direction"]!.GetValue<string>());
        Assert.Equal("events", binding["name"]!.GetValue<string>());
        Assert.Equal("%Topic_votes%", binding["topic"]!.GetValue<string>());
        Assert.Equal("%KafkaBrokerList%", binding["brokerList"]!.GetValue<string>());
        Assert.Equal("%KafkaUsername%", binding["username"]!.GetValue<string>());
        Assert.Equal("%KafkaPassword%", binding["password"]!.GetValue<string>());
        Assert.Equal("ss-election-votes", binding["consumerGroup"]!.GetValue<string>());
        Assert.Equal("SaslSsl", binding["protocol"]!.GetValue<string>());
        Assert.Equal("Plain", binding["authenticationMode"]!.GetValue<string>());
        Assert.Equal("many", binding["cardinality"]!.GetValue<string>());
        Assert.Equal("string", binding["dataType"]!.GetValue<string>());
        Assert.Equal(1000, binding["lagThreshold"]!.GetValue<long>());
    }

    [Fact]
    public void Plaintext_bindings_carry_no_credentials()
    {
        var options = new GenerationOptions { Kafka = KafkaConnectionOptions.Plaintext };

        var binding = Binding(FunctionJsonGenerator.Generate(ElectionSample.Load(), options), "stage-votes");

        Assert.Equal("Plaintext", binding["protocol"]!.GetValue<string>());
        Assert.Null(binding["username"]);
        Assert.Null(binding["password"]);
        Assert.Null(binding["authenticationMode"]);
    }

    [Fact]
    public void No_binding_holds_a_broker_or_topic_literal()
    {
        var job = ElectionSample.Load();
        var text = string.Concat(FunctionJsonGenerator.Generate(job).Select(f => f.FunctionJson.ToJsonString()));

        Assert.DoesNotContain("\"votes\"", text);
        Assert.DoesNotContain("vote-results", text);
        Assert.DoesNotContain("9092", text);
    }

    [Fact]
    public void Every_kafka_input_task_gets_its_own_stage_with_a_non_empty_consumer_group()
    {
        var functions = FunctionJsonGenerator.Generate(SampleJobs.TwoInputs());

        Assert.Equal(["stage-web-clicks", "stage-app_clicks", "sweeper", "query", "health"], functions.Select(f => f.Name));
        Assert.Equal("%Topic_web_clicks%", Binding(functions, "stage-web-clicks")["topic"]!.GetValue<string>());
        Assert.Equal("ss-clicks-app_clicks", Binding(functions, "stage-app_clicks")["consumerGroup"]!.GetValue<string>());
    }

    [Fact]
    public void The_sweeper_runs_at_the_smallest_timer_period()
    {
        var job = ElectionSample.Load();
        job = job with
        {
            Triggers = job.Triggers.Append(new TriggerSpec { Id = "fast", WindowId = "total-votes", On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(2) }).ToArray(),
        };

        var timer = Binding(FunctionJsonGenerator.Generate(job), "sweeper");

        Assert.Equal("timerTrigger", timer["type"]!.GetValue<string>());
        Assert.Equal("timer", timer["name"]!.GetValue<string>());
        Assert.Equal("*/2 * * * * *", timer["schedule"]!.GetValue<string>());
    }

    [Fact]
    public void The_sweeper_of_the_election_sample_runs_every_5_seconds()
    {
        Assert.Equal("*/5 * * * * *", Binding(FunctionJsonGenerator.Generate(ElectionSample.Load()), "sweeper")["schedule"]!.GetValue<string>());
    }

    [Fact]
    public void Without_timer_triggers_the_sweeper_uses_the_default_period()
    {
        Assert.Equal("*/5 * * * * *", Binding(FunctionJsonGenerator.Generate(SampleJobs.TwoInputs()), "sweeper")["schedule"]!.GetValue<string>());
    }

    [Fact]
    public void A_sub_second_timer_period_is_bounded_to_one_second()
    {
        var job = SampleJobs.TwoInputs() with
        {
            Triggers = new[] { new TriggerSpec { Id = "t", WindowId = "w", On = TriggerKind.Timer, Period = TimeSpan.FromMilliseconds(250) } },
        };

        Assert.Equal("* * * * * *", Binding(FunctionJsonGenerator.Generate(job), "sweeper")["schedule"]!.GetValue<string>());
    }

    [Fact]
    public void Query_is_a_function_level_get_on_the_window_key_route_with_an_http_output()
    {
        var bindings = Bindings(FunctionJsonGenerator.Generate(ElectionSample.Load()), "query");

        var trigger = bindings[0]!;
        Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
        Assert.Equal("function", trigger["authLevel"]!.GetValue<string>());
        Assert.Equal("jobs/{job}/windows/{window}/keys/{key}", trigger["route"]!.GetValue<string>());
        Assert.Equal(["get"], trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("http", bindings[1]!["type"]!.GetValue<string>());
        Assert.Equal("out", bindings[1]!["direction"]!.GetValue<string>());
        Assert.Equal("res", bindings[1]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Health_is_anonymous()
    {
        var trigger = Binding(FunctionJsonGenerator.Generate(ElectionSample.Load()), "health");

        Assert.Equal("anonymous", trigger["authLevel"]!.GetValue<string>());
        Assert.Equal("health", trigger["route"]!.GetValue<string>());
    }

    private static JsonArray Bindings(IReadOnlyList<GeneratedFunction> functions, string name) =>
        functions.Single(f => f.Name == name).FunctionJson["bindings"]!.AsArray();

    private static JsonNode Binding(IReadOnlyList<GeneratedFunction> functions, string name) => Bindings(functions, name)[0]!;
}
