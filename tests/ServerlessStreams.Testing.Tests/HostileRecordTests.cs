using System.Text;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Testing.Tests;

/// <summary>
/// One test per kind of hostile record that once failed a batch (so its partition stopped) or lost a record: each goes
/// to the dead letters with a reason naming the problem, or is counted, and the records after it are processed.
/// </summary>
public sealed class HostileRecordTests
{
    private static JobTestDriver Driver(bool keyedByUser = true) => JobTestDriver.FromJson(HostileRecords.JobJson(keyedByUser), new JobRegistry());

    private static string Event(string id, string n = "1", string user = "ann") =>
        $$"""{"user":"{{user}}","time":{{HostileRecords.BaseTime}},"n":{{n}},"id":"{{id}}"}""";

    private static async Task<long> CountAsync(JobTestDriver driver, string user = "ann")
    {
        var state = await driver.WindowStateAsync("count-per-minute", System.Text.Json.JsonSerializer.Serialize(user));
        return state["extents"]!.AsArray().Sum(e => long.Parse(e!["state"]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_string_that_is_not_UTF8_is_a_dead_letter_naming_the_byte_and_the_batch_goes_on()
    {
        await using var driver = Driver();
        var before = Encoding.UTF8.GetBytes(Event("a!"));
        var invalid = before.Select(b => b == (byte)'!' ? (byte)0xFF : b).ToArray();

        await driver.PipeAsync("events", new TestRecord(invalid), Event("b"));

        var letter = Assert.Single(driver.DeadLetters);
        Assert.Equal(0, letter.Source.Offset);
        Assert.StartsWith("not JSON: not UTF-8 (an invalid byte sequence at byte ", letter.Reason);
        Assert.Equal(1, await CountAsync(driver));
    }

    [Theory]
    [InlineData("1e999")]
    [InlineData("-1e999")]
    public async Task A_sum_field_beyond_a_double_is_a_dead_letter_not_a_state_that_cannot_be_written(string n)
    {
        await using var driver = Driver();

        await driver.PipeAsync("events", Event("a", n), Event("b"));

        Assert.Equal("field 'n' is not a number", Assert.Single(driver.DeadLetters).Reason);
        Assert.Equal(1, await CountAsync(driver));
    }

    [Fact]
    public async Task A_window_key_beyond_a_double_is_a_dead_letter_naming_the_window_key()
    {
        await using var driver = Driver();

        await driver.PipeAsync("events", Event("a").Replace(HostileRecords.BaseTime.ToString(System.Globalization.CultureInfo.InvariantCulture), "1e999"), Event("b"));

        Assert.Contains("window key 'time'", Assert.Single(driver.DeadLetters).Reason);
        Assert.Equal(1, await CountAsync(driver));
    }

    [Fact]
    public async Task A_record_nested_too_deep_is_a_dead_letter_saying_so()
    {
        await using var driver = Driver();

        await driver.PipeAsync("events", "{\"deep\":" + new string('[', 10_000) + new string(']', 10_000) + "}", Event("b"));

        Assert.Equal("not JSON: nested deeper than 64 levels", Assert.Single(driver.DeadLetters).Reason);
        Assert.Equal(1, await CountAsync(driver));
    }

    [Fact]
    public async Task A_record_as_deep_as_the_stage_reads_crosses_the_internal_topic_and_counts()
    {
        await using var driver = Driver(keyedByUser: false);
        var deep = Event("a").TrimEnd('}') + ",\"deep\":" + new string('[', 63) + new string(']', 63) + "}";

        await driver.PipeAsync("events", deep, Event("b"));

        Assert.Empty(driver.DeadLetters);
        Assert.Equal(2, await CountAsync(driver));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Segment_id_headers_that_are_not_text_are_dead_letters_not_duplicates_of_each_other(bool keyedByUser)
    {
        await using var driver = Driver(keyedByUser);
        // Read as UTF-8 with replacement, both would be "i\uFFFD": one segment id for two records.
        TestRecord WithId(string id, params byte[] header) => new TestRecord(Event(id)) { Headers = [new("ss-id", header)] };

        await driver.PipeAsync("events", WithId("a", 0x69, 0xFF), WithId("b", 0x69, 0xFE), WithId("c"), Event("d"));

        Assert.Equal([0L, 1L, 2L], driver.DeadLetters.Select(l => l.Source.Offset));
        Assert.All(driver.DeadLetters.Take(2), l => Assert.StartsWith("header 'ss-id' is not UTF-8", l.Reason));
        Assert.Equal("header 'ss-id' is empty: it names no segment", driver.DeadLetters[2].Reason);
        Assert.Equal(1, await CountAsync(driver));
    }

    [Fact]
    public async Task A_dead_letter_that_escaping_would_make_larger_than_a_Kafka_record_is_cut_and_says_how_long_the_record_was()
    {
        await using var driver = Driver();
        // Within the stage's limit, but each control character is six bytes in JSON, and the key travels twice.
        var controls = new string('\u0001', 200_000);

        await driver.PipeAsync("events", new TestRecord(controls) { Key = new string('\u0002', 200_000) }, Event("b"));

        var letter = Assert.Single(driver.Outputs("hostile-dead-letters"));
        Assert.True(letter.Value.Length <= 256 * 1024, $"{letter.Value.Length} bytes");
        Assert.Null(letter.Key);
        var json = System.Text.Json.Nodes.JsonNode.Parse(letter.Value)!;
        Assert.Equal("not JSON", json["reason"]!.GetValue<string>());
        Assert.Equal(0, json["offset"]!.GetValue<long>());
        Assert.Equal(200_000, json["truncated"]!["valueChars"]!.GetValue<int>());
        Assert.Equal(200_000, json["truncated"]!["keyChars"]!.GetValue<int>());
        Assert.StartsWith("\u0001\u0001", json["value"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync(driver));
    }

    [Fact]
    public async Task A_group_key_larger_than_a_Table_property_is_a_dead_letter_whose_reason_quotes_only_its_start()
    {
        await using var driver = Driver();
        var huge = new string('g', 40_000);

        await driver.PipeAsync("events", Event("a", user: huge), Event("b"));

        var letter = Assert.Single(driver.DeadLetters);
        Assert.Contains("cannot be stored: ", letter.Reason);
        Assert.Contains("property 'KeyGroup' holds 40002 characters", letter.Reason);
        Assert.True(letter.Reason.Length < 1000, $"a reason of {letter.Reason.Length} characters: {letter.Reason[..300]}");
        Assert.Equal(1, await CountAsync(driver));
    }
}
