using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Engine;

public class CompiledTaskTests
{
    private static JsonObject Payload(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Without_group_by_the_key_is_none()
    {
        var task = Compile(Job(Fixed(10), Never()));
        Assert.True(task.KeyOf(Payload("""{"a":1}""")).IsNone);
    }

    [Fact]
    public void A_single_field_key_is_its_value_as_json()
    {
        var task = Compile(Job([Fixed(10)], [Never()], groupBy: ["candidate"]));
        Assert.Equal("\"ada\"", task.KeyOf(Payload("""{"candidate":"ada","t":1}""")).Json);
        Assert.Equal("7", task.KeyOf(Payload("""{"candidate":7}""")).Json);
        Assert.Equal("null", task.KeyOf(Payload("{}")).Json);
    }

    [Fact]
    public void A_composite_key_is_an_array_of_the_field_values_in_declared_order()
    {
        var task = Compile(Job([Fixed(10)], [Never()], groupBy: ["region", "candidate"]));
        var key = task.KeyOf(Payload("""{"candidate":"ada","region":"north","x":1}"""));
        Assert.Equal("""["north","ada"]""", key.Json);
        Assert.Equal("""["north",null]""", task.KeyOf(Payload("""{"region":"north"}""")).Json);
    }

    [Fact]
    public void Composite_keys_separate_the_state_of_each_combination()
    {
        var job = Job([Fixed(10)], [Never()], groupBy: ["region", "candidate"]);
        var machine = Machine(job);
        var states = new Dictionary<ServerlessStreams.Segments.GroupKey, ServerlessStreams.Engine.KeyState>();
        foreach (var json in new[]
                 {
                     """{"region":"n","candidate":"a","t":1}""", """{"region":"n","candidate":"b","t":1}""",
                     """{"region":"s","candidate":"a","t":1}""", """{"region":"n","candidate":"a","t":2}""",
                 })
        {
            var segment = TestSegments.Of(json);
            var key = machine.Task.KeyOf(segment.Payload);
            if (!states.TryGetValue(key, out var state)) states[key] = state = machine.NewState();
            machine.Apply(state, key, [segment], 0, null);
        }

        var completed = states.SelectMany(s => machine.Complete(s.Value, s.Key).Firings)
            .Select(f => $"{f.GroupKey} {f.State!.ToJsonString()}").Order().ToArray();
        Assert.Equal(["""["n","a"] 2""", """["n","b"] 1""", """["s","a"] 1"""], completed);
    }

    [Fact]
    public void A_key_function_replaces_the_fields()
    {
        var registry = new JobRegistry().AddKeyFunction("initial", s => s["name"]!.GetValue<string>()[..1]);
        var task = Compile(Job([Fixed(10)], [Never()], groupByFn: "initial"), registry);
        Assert.Equal("\"a\"", task.KeyOf(Payload("""{"name":"ada"}""")).Json);
    }

    [Fact]
    public void The_event_time_field_is_the_first_time_window_key()
    {
        var job = Job([Fixed(10, id: "n"), Fixed(60_000, id: "time", kind: WindowKeyKind.Time, key: "at")], [Never("n"), Never("time")]);
        Assert.Equal("at", Compile(job).EventTimeField);
        Assert.Null(Compile(Job(Fixed(10), Never())).EventTimeField);
    }

    [Fact]
    public void Trigger_indexes_number_the_task_and_bits_number_the_window()
    {
        var job = Job([Fixed(10, id: "a"), Fixed(10, id: "b")], [Never("a", "a1"), Never("b", "b1"), Never("b", "b2")]);
        var task = Compile(job);
        Assert.Equal(3, task.TriggerCount);
        Assert.Equal([(0, 0), (1, 0), (2, 1)], task.Triggers.Select(t => (t.Index, t.Bit)));
    }

    [Fact]
    public void Unregistered_functions_are_named()
    {
        var error = Assert.Throws<ArgumentException>(() => Compile(Job([Fixed(10)], [Never()], fn: "tally")));
        Assert.Equal("function 'tally' is not registered", error.Message);
        error = Assert.Throws<ArgumentException>(() => Compile(Job([Fixed(10)], [Never()], groupByFn: "region")));
        Assert.Equal("key function 'region' is not registered", error.Message);
    }

    [Fact]
    public void A_window_missing_its_range_is_named()
    {
        var window = Fixed(10) with { Range = null };
        var error = Assert.Throws<ArgumentException>(() => Compile(Job(window, Never())));
        Assert.Equal("window 'w': a fixed window needs range", error.Message);
    }
}
