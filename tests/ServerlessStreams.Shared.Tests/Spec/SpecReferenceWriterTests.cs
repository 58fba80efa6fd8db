using ServerlessStreams.Spec.Information;

namespace ServerlessStreams.Shared.Tests.Spec;

public class SpecReferenceWriterTests
{
    private const string UpdateVariable = "UPDATE_SPEC_REFERENCE";

    [Fact]
    public void The_committed_reference_matches_the_information_model()
    {
        var path = Path.Combine(SpecFiles.RepositoryRoot(), SpecReferenceWriter.RelativePath);
        var expected = SpecReferenceWriter.Write();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }

        var regenerate = $"regenerate it with: {UpdateVariable}=1 dotnet test tests/ServerlessStreams.Shared.Tests --filter FullyQualifiedName~{nameof(SpecReferenceWriterTests)}";
        if (!File.Exists(path)) Assert.Fail($"{SpecReferenceWriter.RelativePath} is missing; {regenerate}");
        var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (committed != expected)
            Assert.Fail($"{SpecReferenceWriter.RelativePath} differs from the information model at line {FirstDifference(committed, expected)}; {regenerate}");
    }

    [Fact]
    public void Documents_every_key_with_its_type_requirement_default_and_values()
    {
        var markdown = SpecReferenceWriter.Write();

        Assert.All(InformationModel.Objects, obj => Assert.Contains($"\n## {obj.Name}\n", markdown));
        Assert.Contains("| `range` | string (duration) or number | when type is fixed or sliding |  | greater than 0; only when type is fixed or sliding | The length of each extent. |", markdown);
        Assert.Contains("| `refinement` | string | no | `\"accumulating\"` | `accumulating`, `discarding` |", markdown);
        Assert.Contains("| `percentage` | number | when on is percentileWatermark |  | greater than 0 and at most 1; only when on is percentileWatermark |", markdown);
        Assert.Contains("Instead of an object, the value may be a string: a registered callback's name.", markdown);
    }

    private static int FirstDifference(string committed, string expected)
    {
        var a = committed.Split('\n');
        var b = expected.Split('\n');
        var line = 0;
        while (line < a.Length && line < b.Length && a[line] == b[line]) line++;
        return line + 1;
    }
}
