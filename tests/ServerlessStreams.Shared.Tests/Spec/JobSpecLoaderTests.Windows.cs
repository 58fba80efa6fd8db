using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>Errors in windows, triggers and the names the registry must hold.</summary>
public partial class JobSpecLoaderTests
{
    [Fact]
    public void A_sliding_window_needs_range_at_least_slide() =>
        AssertOnlyError(With(j =>
        {
            Window(j)["type"] = "sliding";
            Window(j)["range"] = "1m";
            Window(j)["slide"] = "PT2M";
        }), RangeLessThanSlide, "$.windows[0].range", "a sliding window needs range >= slide");

    [Fact]
    public void A_sliding_window_may_slide_by_its_range() =>
        Assert.Empty(Errors(With(j =>
        {
            Window(j)["type"] = "sliding";
            Window(j)["slide"] = "60s";
        })));

    [Fact]
    public void A_numeric_range_needs_a_numeric_slide() =>
        AssertOnlyError(With(j =>
        {
            Window(j)["type"] = "sliding";
            Window(j)["range"] = 10;
            Window(j)["slide"] = "1m";
        }), KeyKindMismatch, "$.windows[0].slide", "slide must be a number like range: a numeric range means the window key holds numbers");

    [Fact]
    public void A_duration_range_needs_a_duration_slide() =>
        AssertOnlyError(With(j =>
        {
            Window(j)["type"] = "sliding";
            Window(j)["slide"] = 5;
        }), KeyKindMismatch, "$.windows[0].slide", "slide must be a duration like range: a duration range means the window key holds times");

    [Fact]
    public void An_aggregation_kind_must_take_a_field() =>
        AssertOnlyError(With(j => Window(j)["aggregation"] = new JsonArray("median", "age")), UnknownAggregationKind, "$.windows[0].aggregation[0]",
            "'median' is not an aggregation kind that takes a field; expected one of sum, min, max, average, distinctCount");

    [Fact]
    public void Count_with_a_field_says_to_write_it_alone() =>
        AssertOnlyError(With(j => Window(j)["aggregation"] = new JsonArray("count", "age")), UnknownAggregationKind, "$.windows[0].aggregation[0]",
            "'count' is not an aggregation kind that takes a field; expected one of sum, min, max, average, distinctCount (write \"count\" on its own)");

    [Fact]
    public void A_field_aggregation_without_its_field_is_an_error() =>
        AssertOnlyError(With(j => Window(j)["aggregation"] = "sum"), AggregationNeedsField, "$.windows[0].aggregation",
            "sum needs a field: write [\"sum\", \"<field>\"]");

    [Theory]
    [InlineData(0.0, "percentage must be greater than 0 and at most 1, found 0")]
    [InlineData(-0.5, "percentage must be greater than 0 and at most 1, found -0.5")]
    [InlineData(1.01, "percentage must be greater than 0 and at most 1, found 1.01")]
    public void A_percentage_outside_zero_to_one_is_an_error(double percentage, string message) =>
        AssertOnlyError(With(j =>
        {
            Trigger(j)["on"] = "percentileWatermark";
            Trigger(j)["percentage"] = percentage;
        }), OutOfRange, "$.triggers[0].percentage", message);

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0001)]
    public void A_percentage_in_zero_to_one_is_valid(double percentage) =>
        Assert.Empty(Errors(With(j =>
        {
            Trigger(j)["on"] = "percentileWatermark";
            Trigger(j)["percentage"] = percentage;
        })));

    [Theory]
    [InlineData(0, "threshold must be at least 1, found 0")]
    [InlineData(-3, "threshold must be at least 1, found -3")]
    public void A_threshold_below_one_is_an_error(int threshold, string message) =>
        AssertOnlyError(With(j =>
        {
            Trigger(j)["on"] = "segment";
            Trigger(j)["threshold"] = threshold;
        }), OutOfRange, "$.triggers[0].threshold", message);

    [Fact]
    public void A_fractional_threshold_is_an_error() =>
        AssertOnlyError(With(j =>
        {
            Trigger(j)["on"] = "segment";
            Trigger(j)["threshold"] = 2.5;
        }), WrongType, "$.triggers[0].threshold", "expected an integer, found a number (2.5)");

    [Fact]
    public void An_unregistered_function_is_an_error() =>
        AssertOnlyError(With(j => Task(j, 1)["fn"] = "processVte"), UnregisteredFunction, "$.catalog[1].fn",
            "no function named 'processVte' is registered; did you mean 'processVote'?",
            JobRegistry.Default.AddFunction("processVote", s => [s]));

    [Fact]
    public void An_unregistered_key_function_is_an_error() =>
        AssertOnlyError(With(j => Task(j, 1)["groupByFn"] = "byRegion"), UnregisteredKeyFunction, "$.catalog[1].groupByFn",
            "no key function named 'byRegion' is registered");

    [Fact]
    public void An_unregistered_predicate_is_an_error() =>
        AssertOnlyError(With(j =>
        {
            Trigger(j)["on"] = "punctuation";
            Trigger(j)["pred"] = "isLogout";
        }), UnregisteredPredicate, "$.triggers[0].pred", "no predicate named 'isLogout' is registered");

    [Fact]
    public void An_unregistered_aggregation_is_an_error() =>
        AssertOnlyError(With(j => Window(j)["aggregation"] = "cont"), UnregisteredAggregation, "$.windows[0].aggregation",
            "no aggregation named 'cont' is registered; did you mean 'count'?");

    [Fact]
    public void An_unregistered_callback_is_an_error_in_both_sync_forms() =>
        Assert.Equal(
            [
                new SpecError(UnregisteredCallback, "$.triggers[0].sync", "no callback named 'publish' is registered"),
                new SpecError(UnregisteredCallback, "$.triggers[1].sync.callback", "no callback named 'publish' is registered"),
            ],
            Errors(With(j =>
            {
                Trigger(j)["sync"] = "publish";
                j["triggers"]!.AsArray().Add(new JsonObject
                {
                    ["id"] = "t2", ["windowId"] = "w", ["on"] = "watermark", ["sync"] = new JsonObject { ["callback"] = "publish" },
                });
            })));

    [Fact]
    public void A_session_window_needs_an_aggregation_that_merges() =>
        AssertOnlyError(With(j =>
        {
            Window(j)["type"] = "session";
            Window(j).Remove("range");
            Window(j)["timeoutGap"] = "5m";
            Window(j)["aggregation"] = "latest";
        }), AggregationCannotMerge, "$.windows[0].aggregation",
            "a session window merges sessions, but the registered aggregation 'latest' cannot merge",
            JobRegistry.Default.AddAggregation("latest", new NonMergingAggregation()));

    private sealed class NonMergingAggregation : IUserAggregation
    {
        public JsonNode? Init() => null;

        public JsonNode? Apply(JsonNode? state, JsonObject segment) => segment.DeepClone();
    }
}
