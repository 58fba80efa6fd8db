using ServerlessStreams.Durable.Storage.Tables;

namespace ServerlessStreams.Durable.Tests.Storage.Tables;

public sealed class TableWindowEntityStoreOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(TableWindowEntityStoreOptionsValidator.Validate(new TableWindowEntityStoreOptions()));
    }

    [Fact]
    public void Every_bad_option_is_reported_by_name()
    {
        var options = new TableWindowEntityStoreOptions { TableName = "no-dashes", TableNamePrefix = "9x", ExactDedupeLookupLimit = 15 };

        var errors = TableWindowEntityStoreOptionsValidator.Validate(options);

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("TableName:", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("TableNamePrefix:", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("ExactDedupeLookupLimit:", errors[2], StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_refuses_invalid_options_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => TableWindowEntityStore.FromConnectionString(
            "UseDevelopmentStorage=true", new TableWindowEntityStoreOptions { TableName = "x" }));

        Assert.Contains("TableName", error.Message, StringComparison.Ordinal);
    }
}
