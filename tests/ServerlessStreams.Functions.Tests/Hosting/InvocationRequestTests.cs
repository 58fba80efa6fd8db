using System.Text.Json;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Hosting;

public class InvocationRequestTests
{
    [Fact]
    public void Parse_keeps_data_and_metadata_by_name_case_insensitively()
    {
        var request = InvocationRequest.Parse("sweeper", "inv-1", FixtureFiles.ReadJson("timer.json"));

        Assert.Equal("sweeper", request.FunctionName);
        Assert.Equal("inv-1", request.InvocationId);
        Assert.True(request.Data.ContainsKey("TIMER"));
        Assert.Equal("sweeper", request.Metadata["Sys"].GetProperty("MethodName").GetString());
    }

    [Fact]
    public void Missing_sections_are_empty()
    {
        using var body = JsonDocument.Parse("{}");

        var request = InvocationRequest.Parse("health", "", body.RootElement);

        Assert.Empty(request.Data);
        Assert.Empty(request.Metadata);
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("{\"Data\":\"x\"}", "Data")]
    [InlineData("{\"Metadata\":[1]}", "Metadata")]
    public void A_malformed_body_names_the_part(string json, string path)
    {
        using var body = JsonDocument.Parse(json);

        var error = Assert.Throws<InvalidPayloadException>(() => InvocationRequest.Parse("f", "", body.RootElement));

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void A_detached_copy_of_a_borrowed_request_outlives_the_body()
    {
        InvocationRequest detached;
        using (var body = JsonDocument.Parse("""{"Data":{"events":"[\"a\"]"},"Metadata":{"OffsetArray":"[7]"}}"""))
        {
            var borrowed = InvocationRequest.Borrow("stage-votes", "inv-2", body.RootElement);
            Assert.Equal("[\"a\"]", borrowed.Data["events"].GetString());
            detached = borrowed.Detach();
        }

        Assert.Equal("stage-votes", detached.FunctionName);
        Assert.Equal("inv-2", detached.InvocationId);
        Assert.Equal("[\"a\"]", detached.Data["EVENTS"].GetString());
        Assert.Equal("[7]", detached.Metadata["OffsetArray"].GetString());
    }
}
