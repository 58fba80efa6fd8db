using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Errors;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Planning;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Tests.Storage.Planning;

public sealed class CommitPlannerTests
{
    private static readonly EntityKey Key = new("election", "process-vote", "\"Alice\"");

    [Fact]
    public void Actions_are_ordered_meta_dedupe_deletes_upserts_with_the_original_key_on_meta()
    {
        var changes = new EntityChangeSet("W/\"1\"", "m")
        {
            Upserts = [new EntityRow(RowKeys.Extent("w", 1), "e")],
            Deletes = [RowKeys.Extent("w", 0)],
            NewDedupeRows = [new DedupeRow("votes/0/1", DateTimeOffset.UnixEpoch)],
        };

        var plan = CommitPlanner.Plan("t", Key, changes);

        Assert.Equal(
            [PlannedActionKind.ReplaceMeta, PlannedActionKind.AddDedupe, PlannedActionKind.Delete, PlannedActionKind.Upsert],
            plan.Actions.Select(a => a.Kind));
        Assert.Equal("election", plan.Meta.Properties[SystemProperties.KeyJob]);
        Assert.Equal("process-vote", plan.Meta.Properties[SystemProperties.KeyTask]);
        Assert.Equal("\"Alice\"", plan.Meta.Properties[SystemProperties.KeyGroup]);
        Assert.Equal(DateTimeOffset.UnixEpoch, plan.Actions[1].Properties[SystemProperties.WrittenAt]);
        Assert.Equal("votes/0/1", plan.Actions[1].SegmentId);
        Assert.Equal(3, plan.RowsWritten);
        Assert.Equal(1, plan.RowsDeleted);
    }

    [Fact]
    public void Creating_an_entity_adds_its_meta_row()
    {
        Assert.Equal(PlannedActionKind.AddMeta, CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m")).Meta.Kind);
    }

    [Fact]
    public void A_hashed_dedupe_row_keeps_its_segment_id()
    {
        var longId = new string('v', 600);

        var plan = CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m") { NewDedupeRows = [new DedupeRow(longId, DateTimeOffset.UnixEpoch)] });

        Assert.Equal(longId, plan.Actions[1].Properties[SystemProperties.SegmentId]);
    }

    [Fact]
    public void One_hundred_actions_fit_and_one_hundred_and_one_do_not()
    {
        EntityChangeSet WithUpserts(int n) => new(null, "m") { Upserts = Enumerable.Range(0, n).Select(i => new EntityRow(RowKeys.Extent("w", i), "")).ToList() };

        Assert.Equal(100, CommitPlanner.Plan("t", Key, WithUpserts(99)).Actions.Count);
        var error = Assert.Throws<ChangeSetRejectedException>(() => CommitPlanner.Plan("t", Key, WithUpserts(100)));
        Assert.Equal("t", error.Table);
        Assert.Contains("101 actions", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_estimate_of_a_row_matches_what_the_plan_counts()
    {
        var row = new EntityRow(RowKeys.Extent("w", 1), new string('a', 70_000), new Dictionary<string, object> { ["Due"] = DateTimeOffset.UnixEpoch });
        var partitionKey = PartitionKeys.For(Key);

        var withRow = CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m") { Upserts = [row] }).EstimatedBytes;
        var without = CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m")).EstimatedBytes;

        Assert.Equal(withRow - without, CommitPlanner.EstimateBytes(partitionKey, row));
    }

    [Fact]
    public void Too_many_properties_are_rejected_naming_the_row()
    {
        var properties = Enumerable.Range(0, TableLimits.MaxProperties).ToDictionary(i => $"P{i}", i => (object)i);
        var row = new EntityRow(RowKeys.Extent("w", 1), "", properties);

        var error = Assert.Throws<ChangeSetRejectedException>(() => CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m") { Upserts = [row] }));

        Assert.Equal(row.RowKey, error.RowKey);
        Assert.Contains("253 properties", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_property_over_the_limit_is_rejected_naming_it()
    {
        var row = new EntityRow(RowKeys.Extent("w", 1), "", new Dictionary<string, object> { ["Note"] = new string('n', TableLimits.MaxStringPropertyChars + 1) });

        var error = Assert.Throws<ChangeSetRejectedException>(() => CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m") { Upserts = [row] }));

        Assert.Contains("'Note'", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x|a#b")]
    [InlineData("x|a?b")]
    [InlineData("x|a\\b")]
    [InlineData("x|a\u0085b")]
    [InlineData("x|a\u007Fb")]
    [InlineData("")]
    public void Row_keys_with_forbidden_characters_are_rejected(string rowKey)
    {
        var error = Assert.Throws<ChangeSetRejectedException>(() => CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m") { Upserts = [new EntityRow(rowKey, "")] }));

        Assert.Contains("row key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_key_over_the_limit_is_rejected()
    {
        var rowKey = "s|" + new string('k', RowKeys.MaxLength);

        var error = Assert.Throws<ChangeSetRejectedException>(() => CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m") { Deletes = [rowKey] }));

        Assert.Contains($"at most {RowKeys.MaxLength}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_a_null_payload_is_rejected()
    {
        var error = Assert.Throws<ChangeSetRejectedException>(() => CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m") { Upserts = [new EntityRow(RowKeys.Extent("w", 1), null!)] }));

        Assert.Contains("Data is null", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_id_given_twice_is_rejected()
    {
        var error = Assert.Throws<ChangeSetRejectedException>(() => CommitPlanner.Plan("t", Key, new EntityChangeSet(null, "m")
        {
            NewDedupeRows = [new DedupeRow("s", DateTimeOffset.UnixEpoch), new DedupeRow("s", DateTimeOffset.UnixEpoch)],
        }));

        Assert.Equal(RowKeys.Dedupe("s"), error.RowKey);
        Assert.Contains("more than once", error.Reason, StringComparison.Ordinal);
    }
}
