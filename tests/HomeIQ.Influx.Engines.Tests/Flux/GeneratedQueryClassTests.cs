using System.Reflection;
using System.Text.RegularExpressions;
using HomeIQ.Influx.Querying;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>
/// The query class the generator emits for every test model (this project's, the consumer, query and writer test
/// projects' models, and the sample's, compiled here too): every generated method is called (tag equality, In, regex
/// with a pattern and with a Regex, each field comparison, selection of each field, a window of every aggregate grouped
/// by every tag, the same as Aggregate rows, another measurement by FromMeasurement), alone and all together with a
/// range, a limit and the order, and libflux must accept each Flux text.
/// </summary>
public sealed class GeneratedQueryClassTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryGeneratedQueryClassBuildsFluxThatLibfluxAccepts()
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
            foreach (var (name, build) in Variants(type, start))
            {
                try
                {
                    var query = build();
                    texts.Add(($"{type.Name}: {name}", (string)query.GetType().GetMethod("ToFlux")!.Invoke(query, null)!));
                }
                catch (TargetInvocationException e) when (IsRefusedAggregate(e.InnerException))
                {
                    notApplicable++; // e.g. the mean of an int field into its own member: the builder refuses it instead of sending it
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

    // The builder refuses, when the query is built, an aggregate no selected field can hold (issue 15): not a Flux text.
    private static bool IsRefusedAggregate(Exception? e) =>
        e is InvalidOperationException { Message: var m } && m.Contains("has no field that", StringComparison.Ordinal)
        || e is ArgumentException { ParamName: "function" };

    private static bool IsGeneratedQueryClass(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(MeasurementQueryBase<,>)) return type.Assembly == typeof(GeneratedQueryClassTests).Assembly;
        return false;
    }

    // Every generated method on its own, then all of them chained. Each variant is built lazily, so a window the builder
    // refuses (see IsRefusedAggregate) is counted as not applicable instead of ending the enumeration.
    private static IEnumerable<(string Name, Func<object> Build)> Variants(Type type, object start)
    {
        yield return ("every point", () => start);
        yield return ("FromMeasurement(another \"name\")", () => Call(start, "FromMeasurement", "climate_2024 \"x\""));
        object all = Call(start, "Range", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var generated = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        foreach (var method in generated.Where(m => m.Name.StartsWith("Where", StringComparison.Ordinal)).OrderBy(m => m.ToString(), StringComparer.Ordinal))
        {
            var argument = ArgumentFor(type, method);
            yield return (method.ToString()!, () => method.Invoke(start, [argument])!);
            all = method.Invoke(all, [argument])!;
        }

        var fieldsEnum = type.GetNestedType("Fields")!;
        var select = generated.Single(m => m.Name == "Select");
        foreach (var field in Enum.GetValues(fieldsEnum))
            yield return ($"Select({field})", () => select.Invoke(start, [ToArray(fieldsEnum, [field])])!);
        // A model without tags has no Tags enum and no typed Window/Aggregate: the base class's (every, function, keys) serve.
        var tagsEnum = type.GetNestedType("Tags");
        object Windowed(string name, object query, TimeSpan every, AggregateFunction function, bool everyTag)
        {
            var typed = generated.SingleOrDefault(m => m.Name == name);
            if (tagsEnum is null || typed is null)
            {
                var untyped = query.GetType().GetMethods().Single(m => m.Name == name && m.GetParameters().Length == 3 && m.GetParameters()[2].ParameterType == typeof(IEnumerable<string>));
                if (untyped.IsGenericMethodDefinition) untyped = untyped.MakeGenericMethod(type.GetNestedType("WindowRow")!);
                return untyped.Invoke(query, [every, function, Array.Empty<string>()])!;
            }
            return typed.Invoke(query, [every, function, ToArray(tagsEnum, everyTag ? Enum.GetValues(tagsEnum).Cast<object>().ToArray() : [])])!;
        }
        var everything = Call(Call(all, "Limit", 10), "OrderByTimeDescending");
        foreach (var name in new[] { "Window", "Aggregate" })
        {
            foreach (var function in Enum.GetValues<AggregateFunction>())
            {
                yield return ($"{name}({function})", () => Windowed(name, start, TimeSpan.FromMinutes(10), function, everyTag: false));
                yield return ($"{name}({function}, every tag)", () => Windowed(name, start, TimeSpan.FromMinutes(10), function, everyTag: true));
                yield return ($"everything, {name}({function}, every tag)", () => Windowed(name, everything, TimeSpan.FromHours(1), function, everyTag: true));
                yield return ($"another measurement, {name}({function}, every tag)", () => Windowed(name, Call(everything, "FromMeasurement", "climate_2024"), TimeSpan.FromHours(1), function, everyTag: true));
            }
        }
        yield return ("everything, raw", () => everything);
        yield return ("everything, every field selected, last hour", () => Call(select.Invoke(all, [ToArray(fieldsEnum, Enum.GetValues(fieldsEnum).Cast<object>().ToArray())])!, "Last", TimeSpan.FromHours(1)));
    }

    // A value of the parameter's own type (issue 15: Where{Tag} takes the tag member's type), two of them for In.
    private static object ArgumentFor(Type type, MethodInfo method)
    {
        var parameter = method.GetParameters().Single().ParameterType;
        if (parameter == typeof(string)) return method.Name.EndsWith("Matches", StringComparison.Ordinal) ? "^a.*z$" : "some value";
        if (parameter == typeof(Regex)) return new Regex("^A", RegexOptions.IgnoreCase);
        if (parameter.IsArray)
        {
            var element = parameter.GetElementType()!;
            return element == typeof(string) ? new[] { "one", "two \"2\"" } : ToArray(element, [One(type, method, element), Two(element)]);
        }
        return One(type, method, parameter);
    }

    private static object One(Type type, MethodInfo method, Type t) =>
        t == typeof(double) ? 21.5 : t == typeof(float) ? 21.5f : t == typeof(decimal) ? 21.5m
        : t == typeof(bool) ? true : t == typeof(char) ? 'x' : t == typeof(Guid) ? Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")
        : t.IsEnum ? Enum.GetValues(t).GetValue(0)!
        : t == typeof(long) ? -7L : t == typeof(ulong) ? 7UL
        : t.IsPrimitive ? Convert.ChangeType(7, t, System.Globalization.CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"{type.Name}.{method.Name} takes an unexpected {t}.");

    private static object Two(Type t) =>
        t == typeof(bool) ? false : t == typeof(char) ? '"' : t == typeof(Guid) ? Guid.Empty
        : t.IsEnum ? Enum.GetValues(t).GetValue(Enum.GetValues(t).Length - 1)!
        : Convert.ChangeType(8, t, System.Globalization.CultureInfo.InvariantCulture);

    private static object Call(object target, string name, params object[] arguments) =>
        target.GetType().GetMethod(name, arguments.Select(a => a.GetType()).ToArray())!.Invoke(target, arguments)!;

    private static Array ToArray(Type elementType, object[] values)
    {
        var array = Array.CreateInstance(elementType, values.Length);
        for (int i = 0; i < values.Length; i++) array.SetValue(values[i], i);
        return array;
    }
}
