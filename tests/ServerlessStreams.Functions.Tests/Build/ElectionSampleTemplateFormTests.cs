using System.Xml.Linq;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Build;

/// <summary>
/// The election sample is an app as <c>dotnet new serverlessstreams -n Election</c> makes it: every file the template
/// makes, and the template's project settings, items and targets, with project references where the template has
/// package references to ServerlessStreams.
/// </summary>
public sealed class ElectionSampleTemplateFormTests
{
    private const string TemplateName = "MyJob";
    private const string SampleName = "Election";

    private static readonly string Template =
        Path.Combine(FixtureFiles.RepositoryRoot, "templates", "ServerlessStreams.Templates", "content", "serverlessstreams");

    private static readonly string Sample = Path.Combine(FixtureFiles.RepositoryRoot, "samples", "election");

    /// <summary>The template's own sample job's files, which the election's replace.</summary>
    private static readonly string[] JobSpecificFiles = ["MyJob/Local/SampleRun.cs", "MyJob.Tests/PageViewsTests.cs"];

    [Fact]
    public void The_sample_has_every_file_the_template_makes()
    {
        var missing = Directory.EnumerateFiles(Template, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Template, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(file => !file.StartsWith(".template.config/", StringComparison.Ordinal)
                && !file.Contains("/bin/", StringComparison.Ordinal) && !file.Contains("/obj/", StringComparison.Ordinal)
                && !JobSpecificFiles.Contains(file))
            .Select(file => file.Replace(TemplateName, SampleName, StringComparison.Ordinal))
            .Where(file => !File.Exists(Path.Combine(Sample, file)))
            .ToList();

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("MyJob/MyJob.csproj", "Election/Election.csproj")]
    [InlineData("MyJob.Tests/MyJob.Tests.csproj", "Election.Tests/Election.Tests.csproj")]
    public void The_samples_project_has_the_templates_settings_items_and_targets(string templateProject, string sampleProject)
    {
        var sample = Describe(XDocument.Load(Path.Combine(Sample, sampleProject)).Root!).ToHashSet();

        var missing = Describe(XDocument.Load(Path.Combine(Template, templateProject)).Root!).Where(e => !sample.Contains(e)).ToList();

        Assert.True(missing.Count == 0, $"{sampleProject} lacks what the template's {templateProject} has:\n{string.Join('\n', missing)}");
    }

    /// <summary>
    /// A project's elements as lines "condition | element": a reference to a ServerlessStreams package or to a project
    /// as what it names, package versions left out (the repository manages them centrally), the template's name
    /// replaced by the sample's.
    /// </summary>
    private static IEnumerable<string> Describe(XElement project)
    {
        if (project.Attribute("Sdk") is { } sdk) yield return $"Project Sdk={sdk.Value}";
        foreach (var element in project.Elements())
        {
            var condition = Normalize(element.Attribute("Condition")?.Value ?? "");
            switch (element.Name.LocalName)
            {
                case "Import":
                    yield return $"{condition} | Import {Attributes(element)}";
                    break;
                case "Target":
                    yield return $"{condition} | Target {element.Attribute("Name")!.Value}";
                    break;
                case "PropertyGroup":
                    foreach (var property in element.Elements())
                        yield return $"{condition} | {property.Name.LocalName} = {Normalize(property.Value)}";
                    break;
                case "ItemGroup":
                    foreach (var item in element.Elements()) yield return $"{condition} | {Item(item)}";
                    break;
            }
        }
    }

    private static string Item(XElement item)
    {
        var include = item.Attribute("Include")?.Value ?? "";
        return item.Name.LocalName switch
        {
            "ProjectReference" => $"reference {Path.GetFileNameWithoutExtension(Normalize(include))}",
            "PackageReference" when include.StartsWith("ServerlessStreams.", StringComparison.Ordinal) => $"reference {include}",
            "PackageReference" => $"PackageReference {include}",
            _ => $"{item.Name.LocalName} {Attributes(item)}",
        };
    }

    private static string Attributes(XElement element) =>
        string.Join(' ', element.Attributes().Where(a => a.Name.LocalName != "Condition")
            .Select(a => $"{a.Name.LocalName}={Normalize(a.Value)}").Order(StringComparer.Ordinal));

    private static string Normalize(string text) =>
        string.Join(' ', text.Replace('\\', '/').Replace(TemplateName, SampleName, StringComparison.Ordinal)
            .Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
