using ServerlessStreams.Durable.Storage.Tables;

namespace ServerlessStreams.Durable.Tests.Storage.Tables;

public sealed class TableNamesTests
{
    [Fact]
    public void A_job_table_is_the_prefix_the_jobs_letters_and_a_hash()
    {
        var name = TableNames.ForJob("Windows", "election");

        Assert.Matches("^Windowselection[0-9a-f]{8}$", name);
        Assert.True(TableNames.IsValid(name));
    }

    [Fact]
    public void Jobs_that_differ_only_in_punctuation_get_different_tables()
    {
        Assert.NotEqual(TableNames.ForJob("W", "a-b"), TableNames.ForJob("W", "ab"));
        Assert.NotEqual(TableNames.ForJob("W", "a-b"), TableNames.ForJob("W", "a_b"));
    }

    [Fact]
    public void Every_job_name_gives_a_valid_table_name()
    {
        string[] jobs = ["e", "日本", "a/b#c?d", new string('j', 500), "----", "1job"];

        Assert.All(jobs, job => Assert.True(TableNames.IsValid(TableNames.ForJob("W", job)), TableNames.ForJob("W", job)));
    }

    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("1abc", false)]
    [InlineData("ab-c", false)]
    [InlineData("tables", false)]
    public void Table_names_follow_the_service_rules(string name, bool valid)
    {
        Assert.Equal(valid, TableNames.IsValid(name));
    }
}
