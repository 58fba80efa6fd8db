using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using System.Text.Json.Nodes;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>Keys required by the kind of their object.</summary>
public partial class JobSpecLoaderTests
{
    [Fact]
    public void A_kafka_input_needs_a_topic() =>
        AssertOnlyError(With(j => Task(j, 0).Remove("topic")), MissingField, "$.catalog[0].topic", "a kafka task needs topic");

    [Fact]
    public void An_input_needs_a_medium() =>
        AssertOnlyError(With(j => Task(j, 0).Remove("medium")), MissingField, "$.catalog[0].medium", "an input task needs medium");

    [Fact]
    public void A_table_output_needs_a_table() =>
        AssertOnlyError(With(j =>
        {
            Task(j, 2)["medium"] = "table";
            Task(j, 2).Remove("topic");
        }), MissingField, "$.catalog[2].table", "a table task needs table");

    [Fact]
    public void An_input_cannot_read_a_table() =>
        AssertOnlyError(With(j =>
        {
            Task(j, 0)["medium"] = "table";
            Task(j, 0).Remove("topic");
            Task(j, 0)["table"] = "Votes";
        }), InputMedium, "$.catalog[0].medium", "an input task reads a Kafka topic; medium table is only for outputs");

    [Fact]
    public void A_function_needs_fn() =>
        AssertOnlyError(With(j => Task(j, 1).Remove("fn")), MissingField, "$.catalog[1].fn", "a function task needs fn");

    [Fact]
    public void A_fixed_window_needs_a_range() =>
        AssertOnlyError(With(j => Window(j).Remove("range")), MissingField, "$.windows[0].range", "a fixed window needs range");

    [Fact]
    public void A_sliding_window_needs_a_range_and_a_slide() =>
        Assert.Equal(
            [
                new SpecError(MissingField, "$.windows[0].range", "a sliding window needs range"),
                new SpecError(MissingField, "$.windows[0].slide", "a sliding window needs slide"),
            ],
            Errors(With(j =>
            {
                Window(j)["type"] = "sliding";
                Window(j).Remove("range");
            })));

    [Fact]
    public void A_session_window_needs_a_timeout_gap() =>
        AssertOnlyError(With(j =>
        {
            Window(j)["type"] = "session";
            Window(j).Remove("range");
        }), MissingField, "$.windows[0].timeoutGap", "a session window needs timeoutGap");

    [Fact]
    public void A_global_window_needs_no_window_key() =>
        Assert.Empty(Errors(With(j =>
        {
            Window(j)["type"] = "global";
            Window(j).Remove("range");
            Window(j).Remove("windowKey");
        })));

    [Fact]
    public void A_segment_trigger_needs_a_threshold() =>
        AssertOnlyError(With(j => Trigger(j)["on"] = "segment"), MissingField, "$.triggers[0].threshold", "a segment trigger needs threshold");

    [Fact]
    public void A_timer_trigger_needs_a_period() =>
        AssertOnlyError(With(j => Trigger(j)["on"] = "timer"), MissingField, "$.triggers[0].period", "a timer trigger needs period");

    [Fact]
    public void A_punctuation_trigger_needs_a_pred() =>
        AssertOnlyError(With(j => Trigger(j)["on"] = "punctuation"), MissingField, "$.triggers[0].pred", "a punctuation trigger needs pred");

    [Fact]
    public void A_percentile_watermark_trigger_needs_a_percentage() =>
        AssertOnlyError(With(j => Trigger(j)["on"] = "percentileWatermark"), MissingField, "$.triggers[0].percentage",
            "a percentileWatermark trigger needs percentage");

    [Fact]
    public void A_pred_object_needs_field_and_equals() =>
        AssertOnlyError(With(j =>
        {
            Trigger(j)["on"] = "punctuation";
            Trigger(j)["pred"] = new JsonObject { ["field"] = "type" };
        }), MissingField, "$.triggers[0].pred.equals", "a predicate needs equals");

    [Fact]
    public void A_pred_may_compare_with_null() =>
        Assert.Empty(Errors(With(j =>
        {
            Trigger(j)["on"] = "punctuation";
            Trigger(j)["pred"] = new JsonObject { ["field"] = "type", ["equals"] = null };
        })));

    [Fact]
    public void A_sync_needs_exactly_one_destination() =>
        Assert.Equal(
            [
                new SpecError(ExactlyOne, "$.triggers[0].sync", "a sync takes only one of table, topic or callback, found table and topic"),
                new SpecError(ExactlyOne, "$.deadLetter", "a dead-letter destination needs one of topic or table"),
            ],
            Errors(With(j =>
            {
                Trigger(j)["sync"] = new JsonObject { ["table"] = "Votes", ["topic"] = "votes" };
                j["deadLetter"] = new JsonObject();
            })));

    [Fact]
    public void A_task_groups_by_key_or_by_function_not_both() =>
        AssertOnlyError(With(j =>
        {
            Task(j, 1)["groupByKey"] = "candidate";
            Task(j, 1)["groupByFn"] = "region";
        }), ConflictingFields, "$.catalog[1].groupByFn", "a task groups by groupByKey or by groupByFn, not both",
            JobRegistry.Default.AddKeyFunction("region", _ => null));

    [Fact]
    public void An_empty_group_by_key_array_is_an_error() =>
        AssertOnlyError(With(j => Task(j, 1)["groupByKey"] = new JsonArray()), WrongType, "$.catalog[1].groupByKey",
            "expected a field name or an array of field names, found an empty array");
}
