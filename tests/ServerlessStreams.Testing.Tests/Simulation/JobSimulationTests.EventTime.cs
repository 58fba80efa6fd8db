using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Testing.Tests.Simulation;

/// <summary>Lateness per extent and its default, through <c>simulate</c>.</summary>
public partial class JobSimulationTests
{
    /// <summary>The 15 segments of Onyx's window tests (fixed_windows_test.clj and others), in their out-of-order arrival order.</summary>
    private static readonly string[] OnyxStream =
    [
        """{"id":1,"age":21,"event-time":"2015-09-13T03:00:00.829Z"}""",
        """{"id":2,"age":12,"event-time":"2015-09-13T03:04:00.829Z"}""",
        """{"id":3,"age":3,"event-time":"2015-09-13T03:05:00.829Z"}""",
        """{"id":4,"age":64,"event-time":"2015-09-13T03:06:00.829Z"}""",
        """{"id":5,"age":53,"event-time":"2015-09-13T03:07:00.829Z"}""",
        """{"id":6,"age":52,"event-time":"2015-09-13T03:08:00.829Z"}""",
        """{"id":7,"age":24,"event-time":"2015-09-13T03:09:00.829Z"}""",
        """{"id":8,"age":35,"event-time":"2015-09-13T03:15:00.829Z"}""",
        """{"id":9,"age":49,"event-time":"2015-09-13T03:25:00.829Z"}""",
        """{"id":10,"age":37,"event-time":"2015-09-13T03:45:00.829Z"}""",
        """{"id":11,"age":15,"event-time":"2015-09-13T03:03:00.829Z"}""",
        """{"id":12,"age":22,"event-time":"2015-09-13T03:56:00.829Z"}""",
        """{"id":13,"age":83,"event-time":"2015-09-13T03:59:00.829Z"}""",
        """{"id":14,"age":3,"event-time":"2015-09-13T03:32:00.829Z"}""",
        """{"id":15,"age":35,"event-time":"2015-09-13T03:16:00.829Z"}""",
    ];

    private static JobSpec OnyxCount(TimeSettings? time) =>
        Job([Fixed(5 * Minute, id: "w", kind: WindowKeyKind.Time, key: "event-time")], [Never()], time: time);

    [Fact]
    public async Task A_job_without_time_loses_nothing_of_Onyx_out_of_order_test_stream()
    {
        var output = await SimulateAsync(OnyxCount(time: null), OnyxStream);

        Assert.Empty(output.DeadLetters);
        Assert.Equal(0, output.Summary.Late);
        Assert.Equal(
        [
            "2015-09-13T03:00:00.000Z 3", "2015-09-13T03:05:00.000Z 5", "2015-09-13T03:15:00.000Z 2", "2015-09-13T03:25:00.000Z 1",
            "2015-09-13T03:30:00.000Z 1", "2015-09-13T03:45:00.000Z 1", "2015-09-13T03:55:00.000Z 2",
        ], output.Firings.Select(f => $"{Field(f, "lowerBound")} {Field(f, "state")}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_allowed_lateness_the_three_segments_whose_windows_have_ended_are_late()
    {
        var output = await SimulateAsync(OnyxCount(new TimeSettings { AllowedLateness = TimeSpan.Zero }), OnyxStream);

        Assert.Equal(3, output.Summary.Late);
        Assert.Equal([10, 13, 14], output.DeadLetters.Select(d => (int)Field(d, "offset")!.GetValue<long>()));
    }

    [Fact]
    public async Task Simulate_prunes_extents_a_watermark_trigger_has_delivered_once_they_close_as_production_does()
    {
        var time = new TimeSettings { AllowedLateness = TimeSpan.FromMinutes(5) };
        var job = Job([Fixed(Hour, id: "w", kind: WindowKeyKind.Time, key: "eventTime")], [OnWatermark(windowId: "w", id: "wm")], time: time);
        var output = await SimulateAsync(job, [
            Vote("ada", "2024-11-05T09:30:00Z"),
            Vote("ada", "2024-11-05T10:01:00Z"),
            Vote("ada", "2024-11-05T09:40:00Z"),
            Vote("ada", "2024-11-05T10:05:00Z"),
        ]);

        // 09:00 fires at 10:01 and again as a correction at 09:40; at 10:05 it closes and is pruned, so it does not
        // fire on completion; 10:00 is still live and does.
        Assert.Equal(
        [
            "watermark 2024-11-05T09:00:00.000Z 1", "watermark 2024-11-05T09:00:00.000Z 2", "completed 2024-11-05T10:00:00.000Z 2",
        ], output.Firings.Select(f => $"{Field(f, "event")} {Field(f, "lowerBound")} {Field(f, "state")}"));
    }

    private static System.Text.Json.Nodes.JsonNode? Field(string line, string name) =>
        System.Text.Json.Nodes.JsonNode.Parse(line)![name];
}
