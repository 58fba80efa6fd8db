using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Tests.Storage.Rows;

public sealed class RowSizeTests
{
    [Fact]
    public void Size_follows_the_table_service_formula()
    {
        var properties = new Dictionary<string, object>
        {
            ["Address"] = "Mountain View", // 8 + 7*2 + 4 + 13*2 = 52
            ["Age"] = 23, // 8 + 3*2 + 4 = 18
            ["AmountDue"] = 200.23, // 8 + 9*2 + 8 = 34
            ["CustomerSince"] = DateTimeOffset.UnixEpoch, // 8 + 13*2 + 8 = 42
            ["IsActive"] = true, // 8 + 8*2 + 1 = 25
            ["Id"] = Guid.Empty, // 8 + 2*2 + 16 = 28
            ["Blob"] = new byte[10], // 8 + 4*2 + 4 + 10 = 30
            ["Big"] = 1L, // 8 + 3*2 + 8 = 22
        };

        var size = RowSize.Of("pk", "rk1", properties);

        Assert.Equal(4 + (2 + 3) * 2 + 52 + 18 + 34 + 42 + 25 + 28 + 30 + 22, size);
    }

    [Fact]
    public void Text_beyond_two_bytes_per_character_in_utf8_counts_its_utf8_size()
    {
        Assert.Equal(4, PropertyValues.TextBytes("ab"));
        Assert.Equal(6, PropertyValues.TextBytes("日本"));
        Assert.Equal(4, PropertyValues.TextBytes("😀"));
    }

    [Fact]
    public void Property_values_normalise_to_what_reads_back()
    {
        var local = new DateTimeOffset(2024, 5, 1, 14, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)PropertyValues.Normalize(local)!).Offset);
        Assert.Equal(local, PropertyValues.Normalize(local));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), PropertyValues.Normalize(new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Null(PropertyValues.Normalize(1.5m));
        Assert.Null(PropertyValues.Normalize(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("Due", true)]
    [InlineData("_x1", true)]
    [InlineData("1x", false)]
    [InlineData("a-b", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    public void Property_names_follow_the_table_rules(string name, bool valid)
    {
        Assert.Equal(valid, PropertyValues.IsValidName(name));
    }
}
