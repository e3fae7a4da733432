using System.Linq;
using HomeIQ.Influx.Generators.Model;

namespace HomeIQ.Influx.Generators.Emitter;

/// <summary>
/// The entry point <c>Query{Type}(this InfluxClient)</c>. Extension methods need a top-level static class: for a nested
/// type it is named after the whole path (<c>OuterStatusQueryExtensions</c>), and a type that is private or protected
/// somewhere gets none (<see cref="EmitHelpers.NamespaceLevelKeyword"/>).
/// </summary>
internal static class QueryExtensionsEmitter
{
    public static void Emit(SourceWriter w, MeasurementSpec spec, string access)
    {
        string typeName = spec.Type.Ref.MetadataName;
        string prefix = string.Concat(spec.ContainingTypes.Select(t => t.Ref.MetadataName));
        string queryType = QueryEmitter.QueryClassFullName(spec);
        w.WriteLine("/// <summary>Entry points for <see cref=\"" + queryType + "\"/>.</summary>");
        w.WriteLine(EmitHelpers.GeneratedCodeAttribute);
        w.OpenBlock(access + " static partial class " + prefix + typeName + "QueryExtensions");
        w.WriteLine("/// <summary>Starts a typed query of <see cref=\"" + spec.FullyQualifiedName + "\"/> points on <paramref name=\"client\"/>.</summary>");
        w.WriteLine("/// <param name=\"client\">The client the query runs on.</param>");
        w.WriteLine("public static " + queryType + " Query" + typeName + "(this " + EmitHelpers.Runtime + "InfluxClient client) => new(client);");
        w.CloseBlock();
    }
}
