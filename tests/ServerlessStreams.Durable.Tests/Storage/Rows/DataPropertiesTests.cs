using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Rows;

namespace ServerlessStreams.Durable.Tests.Storage.Rows;

public sealed class DataPropertiesTests
{
    [Fact]
    public void A_short_payload_is_one_Data_property()
    {
        var parts = DataProperties.Split("{\"count\":3}").ToList();

        Assert.Equal([new KeyValuePair<string, object>("Data", "{\"count\":3}")], parts);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(DataProperties.ChunkChars, 1)]
    [InlineData(DataProperties.ChunkChars + 1, 2)]
    [InlineData(3 * DataProperties.ChunkChars, 3)]
    public void A_payload_splits_into_chunks_named_Data_Data1_Data2(int length, int chunks)
    {
        var data = new string('a', length);

        var parts = DataProperties.Split(data).ToList();

        Assert.Equal(Enumerable.Range(0, chunks).Select(DataProperties.NameOf), parts.Select(p => p.Key));
        Assert.All(parts, p => Assert.True(((string)p.Value).Length <= TableLimits.MaxStringPropertyChars));
        Assert.Equal(data, Join(parts));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(DataProperties.ChunkChars)]
    [InlineData(DataProperties.ChunkChars + 1)]
    [InlineData(3 * DataProperties.ChunkChars)]
    public void Adding_to_a_row_sets_the_properties_the_split_gives(int length)
    {
        var data = new string('a', length);
        var properties = new Dictionary<string, object> { ["Other"] = 1 };

        DataProperties.AddTo(properties, data);

        Assert.Equal(DataProperties.Split(data).Append(new("Other", 1)).OrderBy(p => p.Key), properties.OrderBy(p => p.Key));
    }

    [Fact]
    public void A_surrogate_pair_on_a_chunk_boundary_is_kept_whole()
    {
        var data = new string('a', DataProperties.ChunkChars - 1) + "😀" + "tail";

        var parts = DataProperties.Split(data).ToList();

        Assert.Equal(2, parts.Count);
        Assert.Equal(DataProperties.ChunkChars - 1, ((string)parts[0].Value).Length);
        Assert.StartsWith("😀", (string)parts[1].Value, StringComparison.Ordinal);
        Assert.Equal(data, Join(parts));
    }

    [Fact]
    public void Joining_without_a_Data_property_gives_an_empty_payload()
    {
        Assert.Equal("", DataProperties.Join(_ => null));
    }

    [Theory]
    [InlineData("Data", true)]
    [InlineData("Data1", true)]
    [InlineData("Data17", true)]
    [InlineData("data2", true)]
    [InlineData("DataSet", false)]
    [InlineData("Dat", false)]
    [InlineData("Data1x", false)]
    public void Data_property_names_are_recognised(string name, bool isData)
    {
        Assert.Equal(isData, DataProperties.IsDataProperty(name));
    }

    private static string Join(List<KeyValuePair<string, object>> parts)
    {
        var byName = parts.ToDictionary(p => p.Key, p => (object?)p.Value);
        return DataProperties.Join(name => byName.GetValueOrDefault(name));
    }
}
