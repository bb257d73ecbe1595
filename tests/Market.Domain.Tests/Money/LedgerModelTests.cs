using System.Globalization;
using System.Text;
using Market.Domain.Common;
using Market.Domain.Jobs;
using Market.Domain.Money;
using Market.Domain.Pricing;
using Market.Domain.Subcontracting;
using Market.Domain.Tests.Support;
using Market.Domain.Units;
using Market.Domain.Workers;
using Xunit.Abstractions;
using static Market.Domain.Tests.Money.MoneyTestData;

namespace Market.Domain.Tests.Money;

/// <summary>
/// Model-based test of the money domain: thousands of random operation sequences — accept a unit (own or
/// subcontracted), reverse an earning, invoice, client payment, payout batch (with restarts), failed transfer,
/// tier and schedule change, replayed postings — run against the ledger and against a deliberately simple
/// independent model (a dictionary of balances updated with plain arithmetic). After every step: every
/// transaction and the whole ledger balance, every balance equals the model's, the incrementally kept balances
/// equal the pure function of the transactions, and no worker is owed less than nothing.
/// <para>
/// Each sequence runs from its own seed (base seed + index). A failure names both; set
/// <c>MARKET_MODEL_SEED</c> to the base seed to replay the whole run.
/// </para>
/// </summary>
public class LedgerModelTests(ITestOutputHelper output)
{
    private const int SequenceCount = 2_000;

    [Fact]
    public void RandomSequences_AfterEveryStep_LedgerBalancesAndMatchesTheModel()
    {
        var baseSeed = Environment.GetEnvironmentVariable("MARKET_MODEL_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"Ledger model: base seed {baseSeed} (replay with MARKET_MODEL_SEED={baseSeed}), {SequenceCount} sequences.");

        var steps = 0;
        var operations = new Dictionary<string, int>();
        for (var index = 0; index < SequenceCount; index++)
        {
            var seed = unchecked(baseSeed + index);
            var run = new ModelRun(seed);
            try
            {
                run.Execute();
            }
            catch (Exception exception)
            {
                Assert.Fail($"Sequence {index} (seed {seed}; base seed {baseSeed}, replay with MARKET_MODEL_SEED={baseSeed}) failed at step {run.Step}:\n{exception}\nOperations:\n{run.Log}");
            }

            steps += run.Step;
            foreach (var (operation, count) in run.Counts)
            {
                operations[operation] = operations.GetValueOrDefault(operation) + count;
            }
        }

        output.WriteLine($"{steps} steps: {string.Join(", ", operations.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        // The generator must actually reach every operation, or the checks above prove little.
        string[] expected = ["AcceptOwn", "AcceptSubcontracted", "Reverse", "ReverseRefused", "Invoice", "ClientPayment", "Payout", "PayoutRerun", "CarriedForward", "FailTransfer", "TierChange", "ScheduleRefused", "Replay"];
        Assert.All(expected, operation => Assert.True(operations.GetValueOrDefault(operation) > 0, $"No '{operation}' operation was generated."));
    }

    [Fact]
    public void RandomSequence_RunTwiceFromTheSameSeed_PostsTheSameTransactions()
    {
        var first = new ModelRun(20_261_123);
        var second = new ModelRun(20_261_123);

        first.Execute();
        second.Execute();

        Assert.Equal(first.Ledger.Transactions.Count, second.Ledger.Transactions.Count);
        Assert.All(first.Ledger.Transactions.Zip(second.Ledger.Transactions), pair => Assert.True(pair.First.HasSameEffectAs(pair.Second)));
    }

    private sealed class ModelRun
    {
        private static readonly DateTimeOffset JobTime = new(2026, 9, 1, 9, 0, 0, TimeSpan.FromHours(9));
        private static readonly DateOnly LastCutoff = new(2027, 11, 30);
        private static readonly Guid[] Clients = [ClientId, Guid.Parse("c0000000-0000-4000-8000-000000000002")];
        private static readonly long[] WebPageRates = [500, 800, 12_345, 999_999, 1_000_000, 1_000_001, 1_500_000];

        private readonly Random _random;
        private readonly Dictionary<LedgerAccount, long> _model = [];
        private readonly Dictionary<Guid, WorkerState> _workers = [];
        private readonly Dictionary<Guid, (Job Web, Job Transcription)> _jobs = [];
        private readonly Dictionary<Guid, WithholdingConfig> _withholding = [];
        private readonly Dictionary<Guid, int> _invoiceSequence = new() { [LeadAgentId] = 0, [SubAgentId] = 0 };
        private readonly List<ModelEarning> _earnings = [];
        private readonly Dictionary<PayoutBatchId, PayoutBatch> _batches = [];
        private readonly HashSet<(PayoutBatchId, Guid)> _failed = [];
        private readonly RateCard _rates;
        private readonly long _perWebPage;
        private readonly long _perMinute;
        private readonly StringBuilder _log = new();
        private DateTimeOffset _now = new(2026, 10, 1, 9, 0, 0, TimeSpan.FromHours(9));
        private int _unitSequence;
        private int _paymentReference;

        public ModelRun(int seed)
        {
            _random = new Random(seed);
            _perWebPage = WebPageRates[_random.Next(WebPageRates.Length)];
            _perMinute = _random.Next(30, 121);
            _rates = new RateCard(new Yen(_perMinute), new Yen(70), new Yen(90), new Yen(2), new Yen(_perWebPage), 2_500);
            _withholding[LeadAgentId] = _random.Next(10) < 7 ? new WithholdingConfig([JobType.WebEdit]) : WithholdingConfig.Default;
            _withholding[SubAgentId] = new WithholdingConfig(_random.Next(2) == 0 ? [JobType.WebEdit, JobType.Transcription] : []);
            _jobs[LeadAgentId] = (NewJob(JobType.WebEdit, LeadAgentId, 1), NewJob(JobType.Transcription, LeadAgentId, 2));
            _jobs[SubAgentId] = (NewJob(JobType.WebEdit, SubAgentId, 3), NewJob(JobType.Transcription, SubAgentId, 4));
            foreach (var (agent, worker) in new[] { (LeadAgentId, 1), (LeadAgentId, 2), (LeadAgentId, 3), (SubAgentId, 11), (SubAgentId, 12) })
            {
                var tier = (WorkerTier)_random.Next(4);
                var account = _random.Next(100) < 85 ? Account(number: _random.Next(1, 9_999_999).ToString(CultureInfo.InvariantCulture)) : null;
                _workers[Worker(worker)] = new WorkerState(agent, tier, PayoutSchedulePolicy.Best(tier), account);
            }
        }

        public Ledger Ledger { get; } = new();

        public int Step { get; private set; }

        public Dictionary<string, int> Counts { get; } = [];

        public string Log => _log.ToString();

        public void Execute()
        {
            var length = _random.Next(10, 41);
            for (Step = 1; Step <= length; Step++)
            {
                _now = _now.AddMinutes(_random.Next(1, 600));
                var roll = _random.Next(100);
                if (roll < 30)
                {
                    AcceptUnit();
                }
                else if (roll < 40)
                {
                    Reverse();
                }
                else if (roll < 52)
                {
                    IssueInvoice();
                }
                else if (roll < 57)
                {
                    ReceiveClientPayment();
                }
                else if (roll < 72)
                {
                    RunPayout();
                }
                else if (roll < 80)
                {
                    FailTransfer();
                }
                else if (roll < 88)
                {
                    ChangeTier();
                }
                else if (roll < 94)
                {
                    Replay();
                }
                else
                {
                    ConfirmAnIssuedBatch();
                }

                CheckInvariants();
            }

            Step = length;
        }

        private static long ModelWithholding(long payment) =>
            payment <= 1_000_000 ? payment * 1_021 / 10_000 : ((payment - 1_000_000) * 2_042 / 10_000) + 102_100;

        private static IReadOnlyList<PayoutSchedule> ModelAllowed(WorkerTier tier) => tier switch
        {
            WorkerTier.S => [PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly, PayoutSchedule.Daily],
            WorkerTier.A => [PayoutSchedule.Monthly, PayoutSchedule.SemiMonthly],
            _ => [PayoutSchedule.Monthly],
        };

        private static Job NewJob(JobType type, Guid agentId, int n)
        {
            IJobSettings settings = type == JobType.Transcription ? TranscriptionSettings.Default(TranscriptionStyle.Verbatim) : WebEditSettings.Default;
            var job = Job.Draft(new JobId(Guid.Parse($"0196a1b2-c3d4-7e5f-8a9b-{n:x12}")), ClientId, "四万十町 会議録", "## 仕様", JobTime.AddDays(400), ConfidentialityLevel.Standard, settings, [], [TestJobs.InputFile], JobTime);
            job.Publish(JobTime.AddHours(1));
            job.Contract(agentId, new Yen(300_000), JobTime.AddHours(2));
            job.StartWork(JobTime.AddHours(3));
            return job;
        }

        private void Record(string operation, string detail)
        {
            Counts[operation] = Counts.GetValueOrDefault(operation) + 1;
            _log.AppendLine(CultureInfo.InvariantCulture, $"  {Step,2} {_now:yyyy-MM-dd HH:mm} {operation}: {detail}");
        }

        private void Apply(IReadOnlyDictionary<LedgerAccount, long> deltas, int sign = 1)
        {
            foreach (var (account, amount) in deltas)
            {
                _model[account] = _model.GetValueOrDefault(account) + (sign * amount);
            }
        }

        private long ModelBalance(LedgerAccount account) => _model.GetValueOrDefault(account);

        private Guid RandomWorker(Guid agentId)
        {
            var candidates = _workers.Where(w => w.Value.AgentId == agentId).Select(w => w.Key).ToList();
            return candidates[_random.Next(candidates.Count)];
        }

        private void AcceptUnit()
        {
            var subcontracted = _random.Next(100) < 30;
            var agentId = subcontracted || _random.Next(2) == 0 ? SubAgentId : LeadAgentId;
            var type = _random.Next(2) == 0 ? JobType.WebEdit : JobType.Transcription;
            var jobs = _jobs[subcontracted ? LeadAgentId : agentId];
            var job = type == JobType.WebEdit ? jobs.Web : jobs.Transcription;
            var sequence = ++_unitSequence;
            var durationMs = (long)_random.Next(60_000, 480_001);
            var unit = type == JobType.WebEdit
                ? WorkUnit.ForWebEdit(job.Id, sequence, new WebEditPage(TestJobs.InputFile, sequence - 1, $"https://example.jp/{sequence}"))
                : WorkUnit.ForTranscription(job.Id, sequence, new TranscriptionSegment(TestJobs.InputFile, 0, durationMs), TranscriptionStyle.Verbatim);
            unit.MakeAvailable(_now);
            Subcontract? subcontract = null;
            long price = 0;
            if (subcontracted)
            {
                price = _random.Next(1, 2_000_001);
                subcontract = AcceptedSubcontract(job, [unit], new Yen(price), SubcontractPriceBasis.PerUnit);
            }

            var workerId = RandomWorker(agentId);
            Accept(unit, workerId);

            var earning = Earnings.ForAcceptedUnit(job, unit, _rates, agentId, subcontract, _withholding[agentId], _now);
            Assert.True(Ledger.Post(earning).IsNew, "A first earning for a unit must be new.");

            var pay = type == JobType.WebEdit ? _perWebPage : _perMinute * durationMs / 60_000;
            var withheld = _withholding[agentId].Applies(type) ? ModelWithholding(pay) : 0;
            var deltas = new Dictionary<LedgerAccount, long>
            {
                [LedgerAccount.AgentCost(agentId)] = pay,
                [LedgerAccount.WorkerPayable(agentId, workerId)] = pay - withheld,
                [LedgerAccount.WithholdingTaxPayable(agentId)] = withheld,
            };
            if (subcontracted)
            {
                deltas[LedgerAccount.AgentCost(LeadAgentId)] = price;
                deltas[LedgerAccount.AgentPayable(LeadAgentId, SubAgentId)] = price;
                deltas[LedgerAccount.AgentReceivable(SubAgentId, LeadAgentId)] = price;
                deltas[LedgerAccount.AgentRevenue(SubAgentId)] = price;
            }

            Apply(deltas);
            _earnings.Add(new ModelEarning(earning.Id, LedgerAccount.WorkerPayable(agentId, workerId), pay - withheld, deltas, job, unit, subcontract, agentId));
            Record(subcontracted ? "AcceptSubcontracted" : "AcceptOwn", $"{type} unit {sequence} by {workerId} of {agentId}: pay {pay}, withheld {withheld}, price {price}");
        }

        private void Reverse()
        {
            if (_earnings.Count == 0)
            {
                return;
            }

            var earning = _earnings[_random.Next(_earnings.Count)];
            if (earning.Reversed)
            {
                var count = Ledger.Transactions.Count;
                Ledger.Reverse(earning.Id, _now, "二重の取消");
                Assert.Equal(count, Ledger.Transactions.Count);
                Record("Replay", $"reversal of {earning.Id} again");
                return;
            }

            if (ModelBalance(earning.Payable) < earning.Net)
            {
                var exception = Assert.Throws<DomainRuleException>(() => Ledger.Reverse(earning.Id, _now, "承認の取消"));
                Assert.Equal("ledger_worker_payable_negative", exception.Code);
                Record("ReverseRefused", $"{earning.Id}: owed {ModelBalance(earning.Payable)} < {earning.Net}");
                return;
            }

            Ledger.Reverse(earning.Id, _now, "承認の取消");
            earning.Reversed = true;
            Apply(earning.Deltas, -1);
            Record("Reverse", $"{earning.Id} net {earning.Net}");
        }

        private void IssueInvoice()
        {
            var agentId = _random.Next(2) == 0 ? LeadAgentId : SubAgentId;
            var clientId = Clients[_random.Next(Clients.Length)];
            var lines = Enumerable.Range(0, _random.Next(1, 5))
                .Select(i => new InvoiceLine($"作業 {i + 1}", _random.Next(1, 6), new Yen(_random.Next(1, 200_001)), _random.Next(100) < 85 ? ConsumptionTaxRate.Standard10 : ConsumptionTaxRate.Reduced8))
                .ToList();
            var sequence = ++_invoiceSequence[agentId];
            var issuer = new InvoiceIssuer(agentId, "エージェント", RegistrationNumber.ForCorporation("T7000012050002"), agentId == LeadAgentId ? "LEAD" : "SUB");
            var today = DateOnly.FromDateTime(_now.ToOffset(TimeSpan.FromHours(9)).DateTime);
            var invoice = Invoice.Issue(issuer, new InvoiceRecipient(clientId, "依頼主"), sequence, today, today.AddDays(-3), today, lines, _now);
            Assert.True(Ledger.Post(invoice.PostingTransaction()).IsNew, "An invoice number is posted once.");

            long subtotal = 0;
            long tax = 0;
            foreach (var rate in lines.GroupBy(l => (int)l.Rate))
            {
                var rateSubtotal = rate.Sum(l => l.Quantity * l.UnitPrice.Amount);
                subtotal += rateSubtotal;
                tax += rateSubtotal * rate.Key / 100;
            }

            Apply(new Dictionary<LedgerAccount, long>
            {
                [LedgerAccount.ClientReceivable(agentId, clientId)] = subtotal + tax,
                [LedgerAccount.AgentRevenue(agentId)] = subtotal,
                [LedgerAccount.ConsumptionTaxPayable(agentId)] = tax,
            });
            Assert.Equal(sequence, invoice.Number.Sequence);
            Record("Invoice", $"{invoice.Number} to {clientId}: subtotal {subtotal}, tax {tax}");
        }

        private void ReceiveClientPayment()
        {
            var owing = _model.Where(m => m.Key.Kind == LedgerAccountKind.ClientReceivable && m.Value > 0).ToList();
            if (owing.Count == 0)
            {
                return;
            }

            var (account, balance) = owing[_random.Next(owing.Count)];
            var amount = _random.NextInt64(1, balance + 1);
            Assert.True(Ledger.Post(LedgerPostings.ClientPayment(account.AgentId, account.PartyId!.Value, new Yen(amount), $"ref-{++_paymentReference}", _now)).IsNew);
            Apply(new Dictionary<LedgerAccount, long> { [LedgerAccount.AgentBank(account.AgentId)] = amount, [account] = -amount });
            Record("ClientPayment", $"{amount} from {account.PartyId} to {account.AgentId}");
        }

        private void RunPayout()
        {
            var agentId = _random.Next(2) == 0 ? LeadAgentId : SubAgentId;
            var schedule = (PayoutSchedule)_random.Next(3);
            var today = DateOnly.FromDateTime(_now.ToOffset(TimeSpan.FromHours(9)).DateTime);
            var cutoff = MoneyTestData.Calendar.CutoffOnOrAfter(schedule, today);
            if (cutoff.Date > LastCutoff)
            {
                return;
            }

            var id = PayoutBatchId.For(agentId, cutoff);
            if (_batches.Count > 0 && _random.Next(5) == 0)
            {
                // The job fires again for a cut-off it already handled (a second node, a rerun after a crash).
                id = _batches.Keys.ElementAt(_random.Next(_batches.Count));
            }

            if (_batches.TryGetValue(id, out var existing))
            {
                // The job ran again for a cut-off it has handled (the database's unique key hands back the stored
                // batch): every step repeats without a second posting.
                var count = Ledger.Transactions.Count;
                if (existing.PostingTransaction() is { } again)
                {
                    Assert.False(Ledger.Post(again).IsNew, "A batch is posted once.");
                }

                existing.MarkPosted(_now);
                Assert.Equal(count, Ledger.Transactions.Count);
                Record("PayoutRerun", $"{existing.Cutoff} for {existing.AgentId}");
                return;
            }

            _now = cutoff.ClosesAt.AddMinutes(_random.Next(1, 180));
            var onSchedule = _workers.Where(w => w.Value.AgentId == agentId && w.Value.Schedule == schedule).ToList();
            var dues = PayoutDues.AtCutoff(Ledger.Transactions, agentId, cutoff.ClosesAt);
            foreach (var (workerId, _) in onSchedule)
            {
                Assert.Equal(ModelBalance(LedgerAccount.WorkerPayable(agentId, workerId)), dues.GetValueOrDefault(workerId).Amount);
            }

            var lastCloseOfMonth = schedule == PayoutSchedule.Daily
                ? Bank.NextAfter(cutoff.Date).Month != cutoff.Date.Month
                : cutoff.Date.AddDays(1).Day == 1;
            var batch = PayoutBatch.Build(
                agentId,
                cutoff,
                MoneyTestData.Calendar,
                onSchedule.Select(w => new WorkerDue(w.Key, dues.GetValueOrDefault(w.Key), w.Value.Account)),
                _now);
            _batches.Add(batch.Id, batch);

            var expected = onSchedule
                .Select(w => (WorkerId: w.Key, Due: ModelBalance(LedgerAccount.WorkerPayable(agentId, w.Key)), w.Value.Account))
                .Where(w => w.Due > 0 && w.Account is not null && (w.Due >= 1_000 || lastCloseOfMonth))
                .OrderBy(w => w.WorkerId)
                .Select(w => (w.WorkerId, new Yen(w.Due)))
                .ToList();
            Assert.Equal(expected, batch.Payouts.Select(p => (p.WorkerId, p.Amount)));
            if (batch.CarriedForward.Count > 0)
            {
                Record("CarriedForward", string.Join(", ", batch.CarriedForward.Select(c => $"{c.WorkerId} {c.Due} {c.Reason}")));
            }

            if (batch.Status == PayoutBatchStatus.NothingDue)
            {
                Record("Payout", $"{cutoff} for {agentId}: nothing due");
                return;
            }

            // The batch is one transaction (ADR 0048): a crash before it commits leaves nothing posted, and the restart
            // posts the same transaction; posting it again after it committed changes nothing.
            var posting = batch.PostingTransaction()!;
            Assert.True(Ledger.Post(posting).IsNew);
            if (_random.Next(2) == 0)
            {
                Assert.False(Ledger.Post(batch.PostingTransaction()!).IsNew, "A batch is posted once.");
            }

            batch.MarkPosted(_now);
            foreach (var (workerId, amount) in expected)
            {
                Apply(new Dictionary<LedgerAccount, long> { [LedgerAccount.WorkerPayable(agentId, workerId)] = -amount.Amount, [LedgerAccount.AgentBank(agentId)] = -amount.Amount });
            }

            var requester = new ZenginRequester("1234567890", "シマント テレワーク", Account("0001", "123", "7654321", "シマント テレワーク"));
            var file = batch.IssueFile(requester, _now);
            Assert.Equal(batch.Payouts.Count + 3, file.Records.Count);
            Assert.All(file.Records, r => Assert.Equal(120, ShiftJis.Bytes(r).Length));
            Assert.Equal(batch.Total, file.Total);
            if (_random.Next(2) == 0)
            {
                batch.Confirm(_now);
            }

            Record("Payout", $"{cutoff} for {agentId}: {string.Join(", ", expected.Select(e => $"{e.WorkerId} {e.Item2}"))}, paid {batch.PaymentDate:yyyy-MM-dd}, {batch.Status}");
        }

        private void FailTransfer()
        {
            var candidates = _batches.Values
                .Where(b => b.Status is PayoutBatchStatus.FileIssued or PayoutBatchStatus.Confirmed)
                .SelectMany(b => b.Payouts.Select(p => (Batch: b, Payout: p)))
                .ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            var (batch, payout) = candidates[_random.Next(candidates.Count)];
            var posting = Ledger.Post(batch.MarkFailed(payout.WorkerId, "振込不能: 口座なし", _now));
            if (!_failed.Add((batch.Id, payout.WorkerId)))
            {
                Assert.False(posting.IsNew, "A failed transfer is posted once.");
                Record("Replay", $"failure of {payout.WorkerId} in {batch.Cutoff} again");
                return;
            }

            Assert.True(posting.IsNew);
            Apply(new Dictionary<LedgerAccount, long> { [LedgerAccount.WorkerPayable(batch.AgentId, payout.WorkerId)] = payout.Amount.Amount, [LedgerAccount.AgentBank(batch.AgentId)] = payout.Amount.Amount });
            Record("FailTransfer", $"{payout.WorkerId} {payout.Amount} in {batch.Cutoff}");
        }

        private void ConfirmAnIssuedBatch()
        {
            var issued = _batches.Values.Where(b => b.Status == PayoutBatchStatus.FileIssued).ToList();
            if (issued.Count == 0)
            {
                return;
            }

            var batch = issued[_random.Next(issued.Count)];
            var count = Ledger.Transactions.Count;
            batch.Confirm(_now);
            Assert.Equal(count, Ledger.Transactions.Count);
            Record("Confirm", $"{batch.Cutoff} for {batch.AgentId}");
        }

        private void ChangeTier()
        {
            var workerId = _workers.Keys.ElementAt(_random.Next(_workers.Count));
            var worker = _workers[workerId];
            var tier = (WorkerTier)_random.Next(4);
            var schedule = PayoutSchedulePolicy.OnTierChanged(worker.Schedule, tier);
            Assert.Contains(schedule, ModelAllowed(tier));
            Assert.True(ModelAllowed(tier).Contains(worker.Schedule) ? schedule == worker.Schedule : schedule == ModelAllowed(tier)[^1]);
            _workers[workerId] = worker with { Tier = tier, Schedule = schedule };
            Record("TierChange", $"{workerId} {worker.Tier}→{tier}: {worker.Schedule}→{schedule}");

            var requested = (PayoutSchedule)_random.Next(3);
            if (ModelAllowed(tier).Contains(requested))
            {
                _workers[workerId] = _workers[workerId] with { Schedule = PayoutSchedulePolicy.ChangeSchedule(schedule, requested, tier) };
                Assert.Equal(requested, _workers[workerId].Schedule);
            }
            else
            {
                Assert.Equal("payout_schedule_not_allowed", Assert.Throws<DomainRuleException>(() => PayoutSchedulePolicy.ChangeSchedule(schedule, requested, tier)).Code);
                Record("ScheduleRefused", $"{workerId} {tier} asked for {requested}");
            }
        }

        private void Replay()
        {
            if (Ledger.Transactions.Count == 0)
            {
                return;
            }

            var count = Ledger.Transactions.Count;
            if (_earnings.Count > 0 && _random.Next(2) == 0)
            {
                // The acceptance handler runs again (a retried request): it builds the same earning later.
                var earning = _earnings[_random.Next(_earnings.Count)];
                Assert.False(Ledger.Post(Earnings.ForAcceptedUnit(earning.Job, earning.Unit, _rates, earning.AgentId, earning.Subcontract, _withholding[earning.AgentId], _now)).IsNew);
                Record("Replay", $"earning {earning.Id}");
            }
            else
            {
                var transaction = Ledger.Transactions[_random.Next(count)];
                Assert.False(Ledger.Post(transaction).IsNew);
                Record("Replay", $"{transaction.Kind} {transaction.IdempotencyKey}");
            }

            Assert.Equal(count, Ledger.Transactions.Count);
        }

        private void CheckInvariants()
        {
            // Messages are built only on failure: this runs after every one of ~50,000 steps.
            long debits = 0;
            long credits = 0;
            foreach (var transaction in Ledger.Transactions)
            {
                long transactionDebits = 0;
                long transactionCredits = 0;
                foreach (var entry in transaction.Entries)
                {
                    if (entry.Amount.Amount <= 0)
                    {
                        Assert.Fail($"{transaction.IdempotencyKey} has an entry of {entry.Amount}.");
                    }

                    if (entry.Side == EntrySide.Debit)
                    {
                        transactionDebits += entry.Amount.Amount;
                    }
                    else
                    {
                        transactionCredits += entry.Amount.Amount;
                    }
                }

                if (transactionDebits != transactionCredits)
                {
                    Assert.Fail($"{transaction.IdempotencyKey} does not balance: {transactionDebits} ≠ {transactionCredits}.");
                }

                debits += transactionDebits;
                credits += transactionCredits;
            }

            if (debits != credits)
            {
                Assert.Fail($"The ledger's debits ({debits}) differ from its credits ({credits}).");
            }

            var balances = LedgerBalances.Of(Ledger.Transactions);
            foreach (var account in balances.Keys.Union(_model.Keys).Union(Ledger.Balances.Keys))
            {
                var fromEntries = balances.GetValueOrDefault(account).Amount;
                if (fromEntries != ModelBalance(account))
                {
                    Assert.Fail($"{account}: the ledger says {fromEntries}, the model {ModelBalance(account)}.");
                }

                if (Ledger.BalanceOf(account).Amount != fromEntries)
                {
                    Assert.Fail($"{account}: kept balance {Ledger.BalanceOf(account)} differs from its entries ({fromEntries}).");
                }

                if (account.Kind == LedgerAccountKind.WorkerPayable && fromEntries < 0)
                {
                    Assert.Fail($"{account}: the worker is owed {fromEntries}.");
                }
            }
        }

        private sealed record WorkerState(Guid AgentId, WorkerTier Tier, PayoutSchedule Schedule, BankAccount? Account);

        private sealed class ModelEarning(LedgerTransactionId id, LedgerAccount payable, long net, Dictionary<LedgerAccount, long> deltas, Job job, WorkUnit unit, Subcontract? subcontract, Guid agentId)
        {
            public LedgerTransactionId Id { get; } = id;

            public LedgerAccount Payable { get; } = payable;

            public long Net { get; } = net;

            public Dictionary<LedgerAccount, long> Deltas { get; } = deltas;

            public Job Job { get; } = job;

            public WorkUnit Unit { get; } = unit;

            public Subcontract? Subcontract { get; } = subcontract;

            public Guid AgentId { get; } = agentId;

            public bool Reversed { get; set; }
        }
    }
}
