using System.Reflection;

namespace ServerlessStreams.Functions.Tests.Architecture;

/// <summary>The constraints of ARCHITECTURE.md, checked on the built assemblies.</summary>
public sealed class DependencyRulesTests
{
    private static readonly Assembly Shared = typeof(ServerlessStreams.Spec.JobSpec).Assembly;
    private static readonly Assembly Durable = typeof(ServerlessStreams.Durable.Entities.EntityApplier).Assembly;
    private static readonly Assembly Functions = typeof(ServerlessStreams.Functions.Runtime.JobRuntime).Assembly;

    private static IEnumerable<string> References(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name!);

    [Fact]
    public void Shared_references_nothing_but_the_base_class_library()
    {
        var foreign = References(Shared).Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib"));
        Assert.Empty(foreign);
    }

    [Fact]
    public void Durable_depends_on_shared_and_storage_but_not_on_kafka_or_the_function_app()
    {
        var references = References(Durable).ToList();
        Assert.Contains("ServerlessStreams.Shared", references);
        Assert.DoesNotContain(references, n => n.StartsWith("Confluent", StringComparison.Ordinal));
        Assert.DoesNotContain("ServerlessStreams.Functions", references);
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void What_ships_to_azure_does_not_reference_the_local_tooling()
    {
        foreach (var shipped in new[] { Shared, Durable, Functions })
            Assert.DoesNotContain("ServerlessStreams.Local", References(shipped));
    }

    [Fact]
    public void In_the_functions_package_only_the_kafka_adapter_touches_confluent_types()
    {
        var offenders = Functions.GetTypes()
            .Where(t => !(t.FullName ?? "").Contains(".Kafka.", StringComparison.Ordinal))
            .Where(UsesConfluent)
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(offenders);
    }

    private static bool UsesConfluent(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        static bool IsConfluent(Type t) => t.Namespace?.StartsWith("Confluent", StringComparison.Ordinal) == true ||
                                           (t.IsGenericType && t.GetGenericArguments().Any(IsConfluent));
        return type.GetFields(all).Any(f => IsConfluent(f.FieldType))
            || type.GetProperties(all).Any(p => IsConfluent(p.PropertyType))
            || type.GetMethods(all).Any(m => IsConfluent(m.ReturnType) || m.GetParameters().Any(p => IsConfluent(p.ParameterType)));
    }
}
