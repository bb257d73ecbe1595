using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000020_Ledger")]
public sealed class Ledger : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000021_AgentMoneySettings")]
public sealed class AgentMoneySettingsTable : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000022_BankAccountsAndPayoutSchedules")]
public sealed class BankAccountsAndPayoutSchedules : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000023_PayoutBatches")]
public sealed class PayoutBatches : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000024_Invoices")]
public sealed class Invoices : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000025_InvoiceNumbersPerAgent")]
public sealed class InvoiceNumbersPerAgent : SqlScriptMigration;
