using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ServerlessStreams.Functions.Tests.Build;

/// <summary>An assembly's own attributes (type full name and fixed arguments) and types, read from the file without loading it.</summary>
internal static class AssemblyAttributes
{
    public static IReadOnlyList<(string Type, IReadOnlyList<object?> Arguments)> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new List<(string, IReadOnlyList<object?>)>();
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            var type = attribute.Constructor.Kind == HandleKind.MemberReference
                ? TypeName(reader, reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent)
                : TypeName(reader, reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType());
            var value = attribute.DecodeValue(new NameProvider());
            result.Add((type, value.FixedArguments.Select(a => a.Value).ToList()));
        }
        return result;
    }

    /// <summary>The full names of the types the assembly defines.</summary>
    public static IReadOnlyList<string> DefinedTypes(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.TypeDefinitions.Select(handle => TypeName(reader, handle)).ToList();
    }

    private static string TypeName(MetadataReader reader, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeReference => Name(reader, reader.GetTypeReference((TypeReferenceHandle)handle).Namespace, reader.GetTypeReference((TypeReferenceHandle)handle).Name),
        HandleKind.TypeDefinition => Name(reader, reader.GetTypeDefinition((TypeDefinitionHandle)handle).Namespace, reader.GetTypeDefinition((TypeDefinitionHandle)handle).Name),
        _ => handle.Kind.ToString(),
    };

    private static string Name(MetadataReader reader, StringHandle ns, StringHandle name) => $"{reader.GetString(ns)}.{reader.GetString(name)}";

    private sealed class NameProvider : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSystemType() => "System.Type";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(reader, handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeName(reader, handle);
        public string GetTypeFromSerializedName(string name) => name;
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
        public bool IsSystemType(string type) => type == "System.Type";
    }
}
