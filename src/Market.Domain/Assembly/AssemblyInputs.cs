using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Units;

namespace Market.Domain.Assembly;

internal static class AssemblyInputs
{
    /// <summary>
    /// The job's planned units in sequence order, each with its accepted output. Assembly needs every
    /// planned unit accepted; a withdrawn unit is no longer part of the plan.
    /// </summary>
    public static List<(WorkUnit Unit, T Output)> AcceptedInOrder<T>(
        IEnumerable<WorkUnit> units, JobType kind, IReadOnlyDictionary<WorkUnitId, T> outputs)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(outputs);
        var planned = units.Where(u => u.Status != WorkUnitStatus.Withdrawn).OrderBy(u => u.Sequence).ToList();
        if (planned.Count == 0)
        {
            throw new DomainRuleException("assembly_no_units", "There are no units to assemble.");
        }

        if (planned.Any(u => u.Kind != kind) || planned.Select(u => u.JobId).Distinct().Count() > 1)
        {
            throw new ArgumentException($"All units must be {kind} units of one job.", nameof(units));
        }

        var notAccepted = planned.Where(u => u.Status != WorkUnitStatus.Accepted).ToList();
        Guard.Against(
            notAccepted.Count > 0,
            "assembly_unit_not_accepted",
            $"{notAccepted.Count} unit(s) are not accepted yet (first: #{notAccepted.FirstOrDefault()?.Sequence}).");

        var result = new List<(WorkUnit, T)>(planned.Count);
        foreach (var unit in planned)
        {
            if (!outputs.TryGetValue(unit.Id, out var output))
            {
                throw new DomainRuleException("assembly_output_missing", $"Unit #{unit.Sequence} has no accepted output.");
            }

            result.Add((unit, output));
        }

        return result;
    }
}
