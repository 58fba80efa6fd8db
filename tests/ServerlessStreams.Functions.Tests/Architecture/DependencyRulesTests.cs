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
        Assert.Contains("ServerlessStreams", references);
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

    [Fact]
    public void Only_the_table_and_blob_stores_and_the_composition_touch_azure_storage_types()
    {
        // Rule 4: the Table store, Table sinks, progress rows, due-entity index and blob leases, and JobComponents,
        // which creates their clients. Async methods keep their locals in fields, so a client used inside one counts.
        static bool Allowed(Type type)
        {
            var outer = type;
            while (outer.DeclaringType is not null) outer = outer.DeclaringType;
            return outer.Namespace == "ServerlessStreams.Durable.Storage.Tables"
                || outer == typeof(ServerlessStreams.Functions.Runtime.JobComponents)
                || (outer.Namespace is "ServerlessStreams.Durable.Sinks" or "ServerlessStreams.Durable.Progress" or "ServerlessStreams.Durable.Sweeping"
                    && outer.Name.StartsWith("Table", StringComparison.Ordinal))
                || (outer.Namespace == "ServerlessStreams.Durable.Leases" && outer.Name.StartsWith("Blob", StringComparison.Ordinal));
        }
        var offenders = new[] { Durable, Functions }.SelectMany(a => a.GetTypes())
            .Where(t => !Allowed(t))
            .Where(t => Uses(t, "Azure.Data.Tables") || Uses(t, "Azure.Storage"))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_storage_rule_sees_the_types_it_allows()
    {
        // The check above would pass vacuously if it could not see a storage type where one is used.
        Assert.True(Uses(typeof(ServerlessStreams.Durable.Storage.Tables.TableWindowEntityStore), "Azure.Data.Tables"));
        Assert.True(Uses(typeof(ServerlessStreams.Durable.Leases.BlobLeaseProvider), "Azure.Storage"));
    }

    private static bool UsesConfluent(Type type) => Uses(type, "Confluent");

    private static bool Uses(Type type, string namespacePrefix)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        bool IsForeign(Type t) => t.Namespace?.StartsWith(namespacePrefix, StringComparison.Ordinal) == true ||
                                  (t.IsGenericType && t.GetGenericArguments().Any(IsForeign)) ||
                                  (t.HasElementType && IsForeign(t.GetElementType()!));
        return type.GetFields(all).Any(f => IsForeign(f.FieldType))
            || type.GetProperties(all).Any(p => IsForeign(p.PropertyType))
            || type.GetConstructors(all).Any(c => c.GetParameters().Any(p => IsForeign(p.ParameterType)))
            || type.GetMethods(all).Any(m => IsForeign(m.ReturnType) || m.GetParameters().Any(p => IsForeign(p.ParameterType)));
    }
}
