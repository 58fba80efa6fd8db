using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Tests.Storage.Keys;

public sealed class PartitionKeysTests
{
    [Fact]
    public void A_short_key_is_escaped_readable_and_reversible()
    {
        var key = EntityKey.Of("election", "process-vote", new GroupKey("\"Alice\""));

        var partitionKey = PartitionKeys.For(key);

        Assert.Equal("election|process-vote|~22Alice~22", partitionKey);
        Assert.True(PartitionKeys.TryParse(partitionKey, out var parsed));
        Assert.Equal(key, parsed);
    }

    [Fact]
    public void Hostile_keys_never_collide_and_hold_no_forbidden_character()
    {
        var keys = HostileKeys.GroupKeys.Select(g => new EntityKey("job", "task", g))
            .Concat([new EntityKey("job|task", "x", "null"), new EntityKey("job", "task|x", "null"), new EntityKey("job", "task", "x|null")])
            .ToList();

        var partitionKeys = keys.Select(PartitionKeys.For).ToList();

        Assert.Equal(keys.Count, partitionKeys.Distinct(StringComparer.Ordinal).Count());
        foreach (var partitionKey in partitionKeys)
        {
            Assert.True(partitionKey.Length <= PartitionKeys.MaxEscapedLength, partitionKey);
            Assert.All(partitionKey, c => Assert.True(c is > '\u001F' and < '\u007F' && c is not ('/' or '\\' or '#' or '?'), $"U+{(int)c:X4} in {partitionKey}"));
        }
    }

    [Fact]
    public void Keys_that_differ_only_in_escaping_stay_apart()
    {
        string[] lookAlikes = ["\"a/b\"", "\"a~2Fb\"", "\"a~7E2Fb\"", "\"a%2Fb\""];

        var partitionKeys = lookAlikes.Select(g => PartitionKeys.For(new EntityKey("j", "t", g))).ToList();

        Assert.Equal(lookAlikes.Length, partitionKeys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_key_whose_escaped_form_passes_the_bound_is_hashed_and_not_reversible()
    {
        var key = new EntityKey("job", "task", HostileKeys.Long);
        var nearlyTheSame = new EntityKey("job", "task", HostileKeys.Long[..^2] + "l\"");

        var partitionKey = PartitionKeys.For(key);

        Assert.StartsWith(KeyHashing.HashedMarker, partitionKey, StringComparison.Ordinal);
        Assert.Equal(KeyHashing.HashedLength, partitionKey.Length);
        Assert.Matches("^~~[0-9a-f]{64}$", partitionKey);
        Assert.NotEqual(partitionKey, PartitionKeys.For(nearlyTheSame));
        Assert.Equal(partitionKey, PartitionKeys.For(key));
        Assert.False(PartitionKeys.TryParse(partitionKey, out _));
    }

    [Fact]
    public void The_bound_is_inclusive()
    {
        // job|task| is 9 characters; a bare group key of the remaining length stays escaped, one more is hashed.
        var fits = new EntityKey("job", "task", new string('g', PartitionKeys.MaxEscapedLength - 9));
        var over = new EntityKey("job", "task", new string('g', PartitionKeys.MaxEscapedLength - 8));

        Assert.Equal(PartitionKeys.MaxEscapedLength, PartitionKeys.For(fits).Length);
        Assert.True(PartitionKeys.TryParse(PartitionKeys.For(fits), out var parsed));
        Assert.Equal(fits, parsed);
        Assert.True(KeyHashing.IsHashed(PartitionKeys.For(over)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a|b")]
    [InlineData("a|b|c|d")]
    [InlineData("a|b|~zz")]
    [InlineData("a||c")]
    public void Text_that_is_not_a_partition_key_does_not_parse(string text)
    {
        Assert.False(PartitionKeys.TryParse(text, out var key));
        Assert.Null(key);
    }

    [Fact]
    public void An_entity_key_needs_a_job_a_task_and_a_group_key()
    {
        Assert.Contains("job", Assert.Throws<ArgumentException>(() => new EntityKey("", "t", "null")).Message, StringComparison.Ordinal);
        Assert.Contains("task", Assert.Throws<ArgumentException>(() => new EntityKey("j", "", "null")).Message, StringComparison.Ordinal);
        Assert.Contains("null", Assert.Throws<ArgumentException>(() => new EntityKey("j", "t", "")).Message, StringComparison.Ordinal);
    }
}
