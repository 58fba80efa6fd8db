using ServerlessStreams.Spec;
using System.Text.Json.Nodes;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>Errors found by checking the document against the information model.</summary>
public partial class JobSpecLoaderTests
{
    [Fact]
    public void Text_that_is_not_json_is_one_error_with_its_position() =>
        AssertOnlyError("{\"name\": \"job\",\n  \"workflow\": }", InvalidJson, "$",
            "the document is not valid JSON at line 2, column 15: '}' is an invalid start of a value.");

    [Fact]
    public void A_key_given_twice_is_an_error() =>
        Assert.Equal([(InvalidJson, "$")], Errors("{\"name\": \"a\", \"name\": \"b\"}").Select(e => (e.Code, e.Path)));

    [Fact]
    public void A_document_that_is_not_an_object_is_an_error() =>
        AssertOnlyError("[1, 2]", WrongType, "$", "expected an object (a job), found an array");

    [Fact]
    public void A_misspelt_key_is_unknown_and_the_nearest_key_is_suggested() =>
        Assert.Equal(
            [
                new SpecError(UnknownField, "$.windows[0].windowKy", "unknown field 'windowKy' in a window; did you mean 'windowKey'?"),
                new SpecError(MissingField, "$.windows[0].windowKey", "a fixed window needs windowKey"),
            ],
            Errors(With(j => Rename(Window(j), "windowKey", "windowKy"))));

    [Theory]
    [InlineData("window-key")]
    [InlineData("window_key")]
    [InlineData("WindowKey")]
    [InlineData("window/window-key")]
    public void Another_spelling_of_a_known_key_is_suggested(string spelling) =>
        Assert.Contains(Errors(With(j => Rename(Window(j), "windowKey", spelling))),
            e => e.Code == UnknownField && e.Message.EndsWith("did you mean 'windowKey'?", StringComparison.Ordinal));

    [Fact]
    public void An_unknown_key_far_from_any_lists_the_known_ones() =>
        AssertOnlyError(With(j => Trigger(j)["colour"] = "red"), UnknownField, "$.triggers[0].colour",
            "unknown field 'colour' in a trigger; the known fields are id, windowId, on, threshold, period, pred, percentage, fireAllExtents, refinement, sync");

    [Fact]
    public void A_value_of_the_wrong_type_is_an_error() =>
        AssertOnlyError(With(j => Task(j, 0)["batchSize"] = "500"), WrongType, "$.catalog[0].batchSize",
            "expected an integer, found a string ('500')");

    [Theory]
    [InlineData("true", "expected a duration such as \"5m\" (for a time window key) or a number (for a numeric one), found a boolean (true)")]
    [InlineData("null", "expected a duration such as \"5m\" (for a time window key) or a number (for a numeric one), found null")]
    [InlineData("[]", "expected a duration such as \"5m\" (for a time window key) or a number (for a numeric one), found an array")]
    public void Wrong_types_name_what_was_found(string value, string message) =>
        AssertOnlyError(With(j => Window(j)["range"] = JsonNode.Parse(value)), WrongType, "$.windows[0].range", message);

    [Fact]
    public void An_empty_string_is_an_error() =>
        AssertOnlyError(With(j => Window(j)["windowKey"] = ""), WrongType, "$.windows[0].windowKey", "windowKey must not be empty");

    [Fact]
    public void A_missing_required_key_is_an_error() =>
        AssertOnlyError(With(j => Window(j).Remove("aggregation")), MissingField, "$.windows[0].aggregation", "a window needs aggregation");

    [Fact]
    public void A_value_outside_the_choices_is_an_error_with_a_suggestion() =>
        AssertOnlyError(With(j => Window(j)["type"] = "fixd"), InvalidChoice, "$.windows[0].type",
            "'fixd' is not a valid type; expected one of fixed, sliding, global, session; did you mean 'fixed'?");

    [Fact]
    public void A_key_that_does_not_apply_to_the_kind_is_an_error() =>
        AssertOnlyError(With(j => Window(j)["slide"] = "30s"), NotApplicable, "$.windows[0].slide",
            "slide applies only to sliding windows, not to a fixed window");

    [Fact]
    public void A_key_that_does_not_apply_to_the_medium_is_an_error() =>
        AssertOnlyError(With(j => Task(j, 2)["table"] = "Results"), NotApplicable, "$.catalog[2].table",
            "table applies only when medium is table; here medium is kafka");

    [Fact]
    public void An_unparseable_duration_is_an_error() =>
        AssertOnlyError(With(j => Window(j)["range"] = "1 hour"), InvalidDuration, "$.windows[0].range",
            "'1 hour' is not a duration; expected " + Durations.Expected);

    [Fact]
    public void A_zero_length_is_out_of_range() =>
        AssertOnlyError(With(j => Window(j)["range"] = "0s"), OutOfRange, "$.windows[0].range", "range must be greater than 0s, found 0s");

    [Fact]
    public void A_zero_idle_timeout_is_out_of_range() =>
        AssertOnlyError(With(j => j["time"] = new JsonObject { ["idleTimeout"] = "PT0S" }), OutOfRange, "$.time.idleTimeout",
            "idleTimeout must be greater than 0s, found PT0S");

    [Theory]
    [InlineData("votes per hour")]
    [InlineData("1st")]
    [InlineData("a|b")]
    public void A_name_that_cannot_be_a_function_name_is_an_error(string name) =>
        AssertOnlyError(With(j => Trigger(j)["id"] = name), InvalidName, "$.triggers[0].id",
            $"'{name}' is not a valid name: use a letter, then letters, digits, '-' or '_', at most 63 characters");

    [Fact]
    public void An_invalid_table_name_is_an_error() =>
        AssertOnlyError(With(j => Trigger(j)["sync"] = new JsonObject { ["table"] = "votes-per-hour" }), InvalidName, "$.triggers[0].sync.table",
            "'votes-per-hour' is not a valid Table name: a letter, then 2 to 62 letters or digits");

    [Fact]
    public void An_invalid_topic_is_an_error_and_an_app_setting_is_not() =>
        Assert.Equal(
            [new SpecError(InvalidName, "$.catalog[0].topic",
                "'my topic' is not a valid Kafka topic: use letters, digits, '.', '_' or '-', at most 249 characters (or an app setting as %Name%)")],
            Errors(With(j =>
            {
                Task(j, 0)["topic"] = "my topic";
                Task(j, 2)["topic"] = "%ResultsTopic%";
            })));

    private static void Rename(JsonObject obj, string from, string to)
    {
        var value = obj[from]!.DeepClone();
        obj.Remove(from);
        obj[to] = value;
    }
}
