using System.Reflection;
using System.Text.RegularExpressions;
using HomeIQ.Influx.Querying;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>
/// The query class the generator emits for every test model (this project's, the consumer, query and writer test
/// projects' models, and the sample's, compiled here too): every generated method is called (tag equality, In, regex
/// with a pattern and with a Regex, each field comparison, selection of each field, a window of every aggregate grouped
/// by every tag), alone and all together with a range, a limit and the order, and libflux must accept each Flux text.
/// </summary>
public sealed class GeneratedQueryClassTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_generated_query_class_builds_flux_that_libflux_accepts()
    {
        using var client = FluxExpectations.V2Client();
        var queryClasses = typeof(GeneratedQueryClassTests).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && IsGeneratedQueryClass(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();

        // The reflection must find the models of every source, or the test would check nothing. (A generic model such
        // as GenericPoint<T> gets a serializer and a writer but no query class.)
        foreach (var name in new[] { "ThermostatQuery", "MeterQuery", "ReadingQuery", "FieldTypesQuery", "NullableTagTypesQuery", "EscapedQuery", "InnerQuery", "GlobalPointQuery", "SensorReadingQuery", "ClimateReadingQuery", "StateReadingQuery" })
            Assert.True(queryClasses.Any(t => t.Name == name), $"{name} is not among the query classes found: {string.Join(", ", queryClasses.Select(t => t.Name))}");

        var texts = new List<(string Name, string Text)>();
        int notApplicable = 0;
        foreach (var type in queryClasses)
        {
            var start = Activator.CreateInstance(type, client)!;
            var variants = Variants(type, start).ToList();
            foreach (var (name, query) in variants)
            {
                try
                {
                    texts.Add(($"{type.Name}: {name}", (string)type.GetMethod("ToFlux")!.Invoke(query, null)!));
                }
                catch (TargetInvocationException e) when (e.InnerException is InvalidOperationException { Message: var m } && m.Contains("has no field that", StringComparison.Ordinal))
                {
                    notApplicable++; // e.g. mean over a model without float fields: the builder says so instead of sending it
                }
            }
        }

        var results = LibFlux.Shared.CheckAll(texts.Select(t => t.Text).ToArray());
        var rejected = texts.Zip(results).Where(p => !p.Second.Accepted).ToList();
        Assert.True(rejected.Count == 0, $"libflux rejected {rejected.Count} of {texts.Count}; the first:\n\n" +
            string.Join("\n\n", rejected.Take(5).Select(r => $"{r.First.Name}\n{r.Second}")));
        output.WriteLine($"{queryClasses.Count} generated query classes, {texts.Count} Flux texts accepted by libflux {LibFlux.Shared.Version} " +
                         $"({notApplicable} windows refused by the builder because no field of the model fits the aggregate).");
    }

    private static bool IsGeneratedQueryClass(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(MeasurementQueryBase<,>)) return type.Assembly == typeof(GeneratedQueryClassTests).Assembly;
        return false;
    }

    // Every generated method on its own, then all of them chained.
    private static IEnumerable<(string Name, object Query)> Variants(Type type, object start)
    {
        yield return ("every point", start);
        object all = Call(start, "Range", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var generated = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        foreach (var method in generated.Where(m => m.Name.StartsWith("Where", StringComparison.Ordinal)).OrderBy(m => m.ToString(), StringComparer.Ordinal))
        {
            var parameter = method.GetParameters().Single().ParameterType;
            object argument = parameter == typeof(string) ? (method.Name.EndsWith("Matches", StringComparison.Ordinal) ? "^a.*z$" : "some value")
                : parameter == typeof(string[]) ? new[] { "one", "two \"2\"" }
                : parameter == typeof(Regex) ? new Regex("^A", RegexOptions.IgnoreCase)
                : parameter == typeof(double) ? (object)21.5
                : parameter == typeof(long) ? (object)-7L
                : parameter == typeof(ulong) ? (object)7UL
                : throw new InvalidOperationException($"{type.Name}.{method.Name} takes an unexpected {parameter}.");
            var filtered = method.Invoke(start, [argument])!;
            yield return (method.ToString()!, filtered);
            all = method.Invoke(all, [argument])!;
        }

        var fieldsEnum = type.GetNestedType("Fields")!;
        var select = generated.Single(m => m.Name == "Select");
        foreach (var field in Enum.GetValues(fieldsEnum))
            yield return ($"Select({field})", select.Invoke(start, [ToArray(fieldsEnum, [field])])!);
        // A model without tags has no Tags enum and no typed Window: the base class's Window(every, function, keys) serves.
        var tagsEnum = type.GetNestedType("Tags");
        var window = generated.SingleOrDefault(m => m.Name == "Window");
        object Window(object query, TimeSpan every, AggregateFunction function, bool everyTag) => tagsEnum is null || window is null
            ? query.GetType().GetMethod("Window", [typeof(TimeSpan), typeof(AggregateFunction), typeof(IEnumerable<string>)])!.Invoke(query, [every, function, Array.Empty<string>()])!
            : window.Invoke(query, [every, function, ToArray(tagsEnum, everyTag ? Enum.GetValues(tagsEnum).Cast<object>().ToArray() : [])])!;
        foreach (var function in Enum.GetValues<AggregateFunction>())
        {
            yield return ($"Window({function})", Window(start, TimeSpan.FromMinutes(10), function, everyTag: false));
            yield return ($"Window({function}, every tag)", Window(start, TimeSpan.FromMinutes(10), function, everyTag: true));
            yield return ($"everything, Window({function}, every tag)", Window(Call(Call(all, "Limit", 10), "OrderByTimeDescending"), TimeSpan.FromHours(1), function, everyTag: true));
        }
        yield return ("everything, raw", Call(Call(all, "Limit", 10), "OrderByTimeDescending"));
        yield return ("everything, every field selected, last hour", Call(select.Invoke(all, [ToArray(fieldsEnum, Enum.GetValues(fieldsEnum).Cast<object>().ToArray())])!, "Last", TimeSpan.FromHours(1)));
    }

    private static object Call(object target, string name, params object[] arguments) =>
        target.GetType().GetMethod(name, arguments.Select(a => a.GetType()).ToArray())!.Invoke(target, arguments)!;

    private static Array ToArray(Type elementType, object[] values)
    {
        var array = Array.CreateInstance(elementType, values.Length);
        for (int i = 0; i < values.Length; i++) array.SetValue(values[i], i);
        return array;
    }
}
