using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>
/// Whether passing a value as an argument hands its ownership on. "Handed on" means ownership really moves, which is
/// known per API:
/// <list type="bullet">
/// <item>no member of HomeIQ.Influx (or its companion assemblies) takes ownership of what it is given: a
/// <c>MeasurementWriter&lt;T&gt;</c> sends through the client it is given but does not dispose it (its constructor
/// says so), nor do the query builders or the health checks;</item>
/// <item>the generated <c>{Type}Writer</c> constructors pass the client to <c>MeasurementWriter&lt;T&gt;</c>, so
/// they do not take it either;</item>
/// <item>the anchors (InfluxDB.Client, InfluxDB3.Client) have no public member that takes ownership of a client;</item>
/// <item>the receiver of an extension method call is used, not handed on (<c>client.QueryX()</c>, <c>client.IsHealthyAsync()</c>);</item>
/// <item>anything else (a constructor of another type, a DI registration, <c>list.Add</c>, an unknown method) is
/// taken as a handover, so the rules stay quiet where they cannot know.</item>
/// </list>
/// </summary>
internal static class Handover
{
    /// <summary>True when the argument's callee becomes the owner of the value.</summary>
    public static bool TakesOwnership(IArgumentOperation argument, InfluxTypes types)
    {
        var parameter = argument.Parameter;
        if (parameter?.ContainingSymbol is not IMethodSymbol method) return true;
        if (method.IsExtensionMethod && parameter.Ordinal == 0) return false;
        if (InfluxTypes.IsToolkitMember(method) || types.IsClientLibraryMember(method)) return false;
        if (method.MethodKind == MethodKind.Constructor
            && types.IsMeasurementWriter(method.ContainingType)
            && InfluxTypes.IsType(parameter.Type, types.InfluxClient))
        {
            return false; // a generated writer's constructor: the client goes to MeasurementWriter<T>, which does not own it
        }

        return true;
    }
}
