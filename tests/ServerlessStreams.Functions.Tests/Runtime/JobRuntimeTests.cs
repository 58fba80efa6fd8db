using System.Text.Json.Nodes;
using Election;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Functions.Tests.Runtime;

public sealed class JobRuntimeTests
{
    private static async Task<long> StandingAsync(RuntimeRig rig, string candidate)
    {
        var result = await new WindowQuery(rig.Job, Registrations.Create(), rig.Store)
            .QueryAsync("standings", GroupKey.From(JsonValue.Create(candidate)), null, default);
        return result!["extents"]!.AsArray().Sum(extent => extent!["state"]!.GetValue<long>());
    }

    [Fact]
    public async Task Bad_records_go_to_the_dead_letter_topic_with_reason_and_coordinates_and_the_batch_goes_on()
    {
        var rig = new RuntimeRig();
        var records = new[]
        {
            RuntimeRig.Vote(0, RuntimeRig.VoteJson("v1", "Alice")),
            RuntimeRig.Vote(1, "{not json"),
            RuntimeRig.Vote(2, "42"),
            RuntimeRig.Vote(3, """{"voterId":"v4","candidate":"Bob","eventTime":"later"}"""),
            RuntimeRig.Vote(4, RuntimeRig.VoteJson("v5", "Bob").TrimEnd('}') + ",\"pad\":\"" + new string('x', 5000) + "\"}"),
            RuntimeRig.Vote(5, RuntimeRig.VoteJson("v6", "Bob")),
        };

        var outcome = await rig.ProcessAsync("votes", records, default);

        var letters = rig.PublishedTo("election-dead-letters").Select(r => JsonNode.Parse(r.Value.Span)!.AsObject()).ToList();
        var byOffset = letters.GroupBy(l => l["offset"]!.GetValue<long>()).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal("not JSON", byOffset[1]["reason"]!.GetValue<string>());
        Assert.Equal("not an object", byOffset[2]["reason"]!.GetValue<string>());
        Assert.Contains("eventTime", byOffset[3]["reason"]!.GetValue<string>());
        Assert.StartsWith("too large", byOffset[4]["reason"]!.GetValue<string>());
        Assert.All(letters, l =>
        {
            Assert.Equal("votes", l["topic"]!.GetValue<string>());
            Assert.Equal(0, l["partition"]!.GetValue<int>());
        });
        Assert.Equal(1, await StandingAsync(rig, "Alice"));
        Assert.Equal(1, await StandingAsync(rig, "Bob"));
        Assert.Equal(outcome.DeadLetters.Count, letters.Count);
    }

    [Fact]
    public async Task Outputs_pass_flow_conditions_and_carry_segment_ids()
    {
        var rig = new RuntimeRig();

        await rig.ProcessAsync("votes", [RuntimeRig.Vote(0, RuntimeRig.VoteJson("v1", "Alice")), RuntimeRig.Vote(1, RuntimeRig.VoteJson("v2", "Mallory"))], default);

        var output = Assert.Single(rig.PublishedTo("vote-results"));
        Assert.Equal("votes/0/0#0", output.Id?.Value);
        Assert.True(JsonNode.Parse(output.Value.Span)!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_redelivered_batch_counts_nothing_twice_and_produces_the_same_ids_again()
    {
        var rig = new RuntimeRig();
        var batch = Enumerable.Range(0, 50).Select(i => RuntimeRig.Vote(i, RuntimeRig.VoteJson($"v{i}", i % 2 == 0 ? "Alice" : "Bob"))).ToList();

        await rig.ProcessAsync("votes", batch, default);
        var firstIds = rig.PublishedTo("vote-results").Select(r => r.Id?.Value).ToList();
        var again = await rig.ProcessAsync("votes", batch, default);

        Assert.Equal(25, await StandingAsync(rig, "Alice"));
        Assert.Equal(25, await StandingAsync(rig, "Bob"));
        Assert.Equal(0, again.Applied);
        Assert.Equal(firstIds.Concat(firstIds), rig.PublishedTo("vote-results").Select(r => r.Id?.Value));
    }

    [Fact]
    public async Task A_record_from_our_own_stage_keeps_its_id_from_the_header()
    {
        var rig = new RuntimeRig();
        // The same segment re-produced by an upstream retry at a new offset: same ss-id, same voter.
        await rig.ProcessAsync("votes", [RuntimeRig.Vote(0, RuntimeRig.VoteJson("v1", "Alice"), id: "upstream/0/7#0")], default);
        await rig.ProcessAsync("votes", [RuntimeRig.Vote(9, RuntimeRig.VoteJson("v1", "Alice"), id: "upstream/0/7#0")], default);

        Assert.Equal(1, await StandingAsync(rig, "Alice"));
        Assert.Equal("upstream/0/7#0#0", Assert.Single(rig.PublishedTo("vote-results").Take(1)).Id?.Value);
    }

    [Fact]
    public async Task Late_records_go_to_the_late_data_topic_with_their_coordinates_and_change_no_window()
    {
        // Standings per quarter hour instead of a global window, which never closes, so a vote can be late.
        var rig = new RuntimeRig(time: new Spec.TimeSettings
        {
            MaxOutOfOrderness = TimeSpan.FromMinutes(1),
            AllowedLateness = TimeSpan.FromMinutes(5),
        }, window: w => w.Id == "standings" ? w with { Type = Spec.WindowType.Fixed, Range = 15 * 60_000 } : w);
        await rig.ProcessAsync("votes", [RuntimeRig.Vote(0, RuntimeRig.VoteJson("v1", "Alice", minute: 30))], default);

        // Watermark 08:29: quarters that ended by 08:24 (allowed lateness 5 min) are closed. 08:26 counts in
        // [08:15, 08:30); 08:10 belongs only to [08:00, 08:15), which has closed: it is late.
        var outcome = await rig.ProcessAsync("votes",
            [RuntimeRig.Vote(1, RuntimeRig.VoteJson("v2", "Alice", minute: 26)), RuntimeRig.Vote(2, RuntimeRig.VoteJson("v3", "Alice", minute: 10))], default);

        var late = rig.PublishedTo("election-late").Select(r => JsonNode.Parse(r.Value.Span)!.AsObject()).ToList();
        Assert.NotEmpty(late);
        Assert.All(late, l =>
        {
            Assert.Equal("late", l["reason"]!.GetValue<string>());
            Assert.Equal(2, l["offset"]!.GetValue<long>());
            Assert.Equal("votes", l["topic"]!.GetValue<string>());
        });
        Assert.Equal(2, await StandingAsync(rig, "Alice"));
        Assert.Empty(rig.PublishedTo("election-dead-letters"));
        Assert.Equal(late.Count, outcome.Late.Count);
    }

    [Fact]
    public async Task A_failed_delivery_fails_the_invocation()
    {
        var rig = new RuntimeRig(_ => throw new InvalidOperationException("broker down"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            rig.Runtime.ProcessAsync("votes", [RuntimeRig.Vote(0, RuntimeRig.VoteJson("v1", "Alice"))], default));

        Assert.Equal("broker down", error.Message);
    }
}
