using System.Text.Json.Nodes;
using CsCheck;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;

namespace ServerlessStreams.Shared.Tests.Spec;

public class JobSpecWriterTests
{
    [Fact]
    public void Random_valid_jobs_validate_and_survive_a_round_trip() =>
        JobSpecGenerators.Job.Run(job =>
        {
            var errors = JobSpecValidator.Validate(job, JobRegistry.Default);
            Assert.True(errors.Count == 0, string.Join("; ", errors));
            var loaded = JobSpecLoader.Load(JobSpecWriter.Write(job), JobRegistry.Default);
            Assert.True(loaded.IsValid, string.Join("; ", loaded.Errors));
            Assert.Equal(job, loaded.Job);
        }, cases: 500);

    [Fact]
    public void The_design_example_survives_a_round_trip()
    {
        var job = Load(SpecFiles.Fixture("election.json"));

        Assert.Equal(job, Load(JobSpecWriter.Write(job)));
    }

    [Fact]
    public void Writes_the_design_example_as_the_design_writes_it_less_its_defaults()
    {
        var expected = Parse(SpecFiles.Fixture("election.json"));
        expected["triggers"]![0]!.AsObject().Remove("refinement");
        expected["time"]!.AsObject().Remove("idleTimeout");
        expected.Remove("dedupeRetention");

        var written = JobSpecWriter.ToJsonObject(Load(SpecFiles.Fixture("election.json")));

        Assert.True(JsonNode.DeepEquals(expected, written), written.ToJsonString());
    }

    [Fact]
    public void Numeric_windows_and_other_forms_survive_a_round_trip()
    {
        var registry = JobRegistry.Default.AddPredicate("isEnd", _ => true);
        var json = With(j =>
        {
            Task(j, 1)["groupByKey"] = new JsonArray("a", "b");
            Window(j)["type"] = "session";
            Window(j).Remove("range");
            Window(j)["timeoutGap"] = 0.25;
            Trigger(j)["on"] = "punctuation";
            Trigger(j)["pred"] = "isEnd";
            j["flowConditions"] = new JsonArray(new JsonObject
            {
                ["from"] = "fn", ["to"] = new JsonArray("out"),
                ["pred"] = new JsonObject { ["field"] = "tags", ["equals"] = JsonNode.Parse("{\"b\": [1.0, null], \"a\": \"x\"}") },
            });
            j["time"] = new JsonObject { ["idleTimeout"] = "90s" };
            j["dedupeRetention"] = "PT36H";
            j["lateData"] = new JsonObject { ["table"] = "Late" };
        });
        var job = Load(json, registry);

        Assert.Equal("{\"a\":\"x\",\"b\":[1,null]}", job.FlowConditions[0].Pred.EqualsJson);
        Assert.Equal(job, Load(JobSpecWriter.Write(job, indented: false), registry));
        Assert.Equal("36h", JobSpecWriter.ToJsonObject(job)["dedupeRetention"]!.GetValue<string>());
    }
}
