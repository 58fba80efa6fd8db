using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Generation;

public class FunctionAppWriterTests
{
    [Fact]
    public void Write_puts_host_json_and_one_folder_per_function()
    {
        using var folder = new TemporaryDirectory();

        var written = FunctionAppWriter.Write(folder.Path, ElectionSample.Load());

        Assert.Equal(Path.Combine(folder.Path, "host.json"), written[0]);
        foreach (var name in new[] { "stage-votes", "sweeper", "query", "health" })
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, name, "function.json")))!;
            Assert.NotEmpty(json["bindings"]!.AsArray());
        }
        Assert.False(File.Exists(Path.Combine(folder.Path, "local.settings.sample.json")));
    }

    [Fact]
    public void Writing_twice_gives_the_same_bytes()
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();

        FunctionAppWriter.Write(first.Path, ElectionSample.Load(), jobSpecSetting: "samples/election/job.json");
        FunctionAppWriter.Write(second.Path, ElectionSample.Load(), jobSpecSetting: "samples/election/job.json");

        foreach (var file in Directory.EnumerateFiles(first.Path, "*.json", SearchOption.AllDirectories))
        {
            var twin = Path.Combine(second.Path, Path.GetRelativePath(first.Path, file));
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(twin));
        }
    }

    [Fact]
    public void Files_are_two_space_indented_with_a_final_newline()
    {
        using var folder = new TemporaryDirectory();

        FunctionAppWriter.Write(folder.Path, ElectionSample.Load());

        var text = File.ReadAllText(Path.Combine(folder.Path, "host.json"));
        Assert.StartsWith("{\n  \"version\": \"2.0\",", text);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain("\\u", text);
    }
}
