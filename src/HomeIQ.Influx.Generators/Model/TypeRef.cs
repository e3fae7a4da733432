using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Generators.Model;

/// <summary>
/// A type as generated code and messages name it, computed once by the parser so that no emitter rebuilds a name
/// (after System.Text.Json's <c>gen/Model/TypeRef.cs</c>). Plain strings and an enum: safe to cache.
/// </summary>
/// <param name="Identifier">The simple name as C# code writes it: <c>@event</c> for a keyword, no type parameters.</param>
/// <param name="MetadataName">The simple name without <c>@</c> or type parameters (<see cref="ISymbol.Name"/>): <c>event</c>, <c>Int32</c>.</param>
/// <param name="FullyQualifiedName">The <c>global::</c>-qualified name usable anywhere in generated code: <c>global::Ns.Mode</c>, or the keyword for a special type (<c>int</c>).</param>
/// <param name="SpecialType">Which built-in type it is, or <see cref="SpecialType.None"/>.</param>
internal sealed record TypeRef(string Identifier, string MetadataName, string FullyQualifiedName, SpecialType SpecialType);

/// <summary>One named member of an enum, as the serializer writes it and the mapper reads it back.</summary>
/// <param name="Identifier">The member's name as C# code writes it (<c>@class</c>).</param>
/// <param name="MetadataName">The member's name as text (<c>class</c>): what is written to InfluxDB.</param>
internal sealed record EnumMemberSpec(string Identifier, string MetadataName);
