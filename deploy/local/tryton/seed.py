"""Seeds one freshly activated Tryton 8.2 database with what the connector tests need.

    seed.py TRYTOND_CONF DATABASE

Run by deploy/local/tryton.sh inside the Tryton virtual environment, in-process through
proteus (no server needed). Idempotent: each record is looked up by its name or code first,
so a second run changes nothing. Creates, when missing:

- currency USD and the company "Demo Retail Co" (the admin user joins it);
- the universal chart of accounts (English) with default receivable/payable accounts;
- fiscal years for this year and the next, monthly periods, move and invoice sequences;
- the tax "Sales Tax 10%", the payment term "Direct" (the customers' default);
- the product category "Goods" (revenue and expense accounts, the sales tax);
- a second warehouse "Store 1" (code ST1, zones ST1-IN/-OUT/-STO) and a lost-and-found
  location on every warehouse (stock.inventory needs one);
- the point of sale "Store 1 POS" selling from ST1's storage, with payment methods Cash and Card;
- a handful of countries;
- the admin user's password (COUNTERPART_TRYTON_PASSWORD, default "admin").
"""
import datetime
import os
import sys
from decimal import Decimal

COMPANY_NAME = "Demo Retail Co"
TAX_NAME = "Sales Tax 10%"
POS_NAME = "Store 1 POS"
COUNTRIES = [("US", "USA", "840", "United States"), ("CA", "CAN", "124", "Canada"),
             ("GB", "GBR", "826", "United Kingdom"), ("DE", "DEU", "276", "Germany"),
             ("FR", "FRA", "250", "France"), ("NL", "NLD", "528", "Netherlands")]


def say(text):
    print(f"seed: {text}", flush=True)


def first(model, domain):
    found = model.find(domain, limit=1)
    return found[0] if found else None


class Seed:
    def __init__(self, config_file, database):
        from proteus import config
        self.config = config.set_trytond(database=database, config_file=config_file)

    def model(self, name):
        from proteus import Model
        return Model.get(name)

    def wizard(self, name):
        from proteus import Wizard
        return Wizard(name)

    def run(self):
        usd = self.currency()
        company = self.company(usd)
        # The company wizard attaches the company to the users; later lookups need it in the context.
        self.config._context = self.model("res.user").get_preferences(True, {})
        accounts = self.chart(company)
        self.fiscal_years(company)
        tax = self.tax(accounts["tax"])
        self.payment_term()
        self.category(accounts, tax)
        store = self.warehouses()
        self.point_of_sale(company, store, accounts["cash"])
        self.countries()
        say("done")

    def currency(self):
        Currency = self.model("currency.currency")
        usd = first(Currency, [("code", "=", "USD")])
        if usd is None:
            usd = Currency(name="U.S. Dollar", code="USD", symbol="$", numeric_code="840",
                           rounding=Decimal("0.01"), digits=2)
            usd.save()
            self.model("currency.currency.rate")(
                date=datetime.date(1970, 1, 1), rate=Decimal(1), currency=usd).save()
            say("currency USD")
        return usd

    def company(self, usd):
        Company = self.model("company.company")
        company = first(Company, [])
        if company is None:
            party = self.model("party.party")(name=COMPANY_NAME)
            party.save()
            wizard = self.wizard("company.company.config")
            wizard.execute("company")
            wizard.form.party = party
            wizard.form.currency = usd
            wizard.form.timezone = "UTC"
            wizard.execute("add")
            company = first(Company, [])
            say(f"company {COMPANY_NAME}")
        return company

    def chart(self, company):
        Account = self.model("account.account")

        def of_type(kind):
            return first(Account, [(f"type.{kind}", "=", True), ("company", "=", company.id),
                                   ("closed", "!=", True)])

        if first(Account, [("company", "=", company.id)]) is None:
            root = self.model("ir.model.data").get_id("account", "account_template_root_en",
                                                       self.config.context)
            wizard = self.wizard("account.create_chart")
            wizard.execute("account")
            wizard.form.account_template = self.model("account.account.template")(root)
            wizard.form.company = company
            wizard.execute("create_account")
            wizard.form.account_receivable = of_type("receivable")
            wizard.form.account_payable = of_type("payable")
            # Defaults for categories, where this version's form has them.
            for kind in ("revenue", "expense"):
                if hasattr(wizard.form, f"category_account_{kind}"):
                    setattr(wizard.form, f"category_account_{kind}", of_type(kind))
            wizard.execute("create_properties")
            say("chart of accounts (universal, en)")

        def by_code(code):
            return first(Account, [("code", "=", code), ("company", "=", company.id)])

        return {"revenue": of_type("revenue"), "expense": of_type("expense"),
                "cash": by_code("1.1.1"), "tax": by_code("6.3.4")}

    def fiscal_years(self, company):
        FiscalYear = self.model("account.fiscalyear")
        Sequence = self.model("ir.sequence.strict")
        SequenceType = self.model("ir.sequence.type")
        move_type = first(SequenceType, [("name", "=", "Account Move")])
        invoice_type = first(SequenceType, [("name", "=", "Invoice")])
        this_year = datetime.date.today().year
        # Next year's too, so a test run around New Year still posts.
        for year in (this_year, this_year + 1):
            if first(FiscalYear, [("name", "=", str(year)), ("company", "=", company.id)]):
                continue
            moves = Sequence(name=f"Account Move {year}", sequence_type=move_type, company=company)
            moves.save()
            invoices = Sequence(name=f"Invoice {year}", sequence_type=invoice_type, company=company,
                                prefix=f"INV/{year}/")
            invoices.save()
            fiscal_year = FiscalYear(name=str(year), company=company,
                                     start_date=datetime.date(year, 1, 1),
                                     end_date=datetime.date(year, 12, 31), move_sequence=moves)
            numbering, = fiscal_year.invoice_sequences
            for kind in ("out_invoice", "in_invoice", "out_credit_note", "in_credit_note"):
                setattr(numbering, f"{kind}_sequence", invoices)
            fiscal_year.save()
            fiscal_year.click("create_period")
            say(f"fiscal year {year}")

    def tax(self, tax_account):
        Tax = self.model("account.tax")
        tax = first(Tax, [("name", "=", TAX_NAME)])
        if tax is None:
            tax = Tax(name=TAX_NAME, description=TAX_NAME, type="percentage", rate=Decimal("0.10"),
                      invoice_account=tax_account, credit_note_account=tax_account)
            tax.save()
            say(f"tax {TAX_NAME}")
        return tax

    def payment_term(self):
        Term = self.model("account.invoice.payment_term")
        term = first(Term, [("name", "=", "Direct")])
        if term is None:
            term = Term(name="Direct")
            term.lines.new(type="remainder")
            term.save()
            say("payment term Direct")
        configuration = self.model("account.configuration")(1)
        if not configuration.default_customer_payment_term:
            configuration.default_customer_payment_term = term
            configuration.save()

    def category(self, accounts, tax):
        Category = self.model("product.category")
        if first(Category, [("name", "=", "Goods")]) is None:
            goods = Category(name="Goods", accounting=True, account_revenue=accounts["revenue"],
                             account_expense=accounts["expense"])
            goods.customer_taxes.append(self.model("account.tax")(tax.id))
            goods.save()
            say("product category Goods")

    def warehouses(self):
        Location = self.model("stock.location")
        lost_found = first(Location, [("type", "=", "lost_found")])
        if first(Location, [("code", "=", "ST1")]) is None:
            zones = {}
            for zone, suffix in (("Input", "IN"), ("Output", "OUT"), ("Storage", "STO")):
                zones[zone] = Location(name=f"Store 1 {zone}", code=f"ST1-{suffix}", type="storage")
                zones[zone].save()
            store = Location(name="Store 1", code="ST1", type="warehouse",
                             input_location=zones["Input"], output_location=zones["Output"],
                             storage_location=zones["Storage"])
            store.save()
            for zone in zones.values():
                zone.parent = store
                zone.save()
            say("warehouse Store 1 (ST1)")
        for warehouse in Location.find([("type", "=", "warehouse")]):
            if not warehouse.lost_found_location:
                warehouse.lost_found_location = lost_found
                warehouse.save()
        return first(Location, [("code", "=", "ST1")])

    def point_of_sale(self, company, store, cash_account):
        Point = self.model("sale.point")
        Method = self.model("sale.point.payment.method")
        if first(Point, [("name", "=", POS_NAME)]) is None:
            pos_type = first(self.model("ir.sequence.type"), [("name", "=", "POS")])
            numbers = self.model("ir.sequence.strict")(name=POS_NAME, company=company,
                                                       sequence_type=pos_type, prefix="POS1/")
            numbers.save()
            Point(name=POS_NAME, journal=first(self.model("account.journal"), [("code", "=", "REV")]),
                  sequence=numbers, storage_location=store.storage_location,
                  customer_location=first(self.model("stock.location"), [("code", "=", "CUS")]),
                  tax_included=False).save()
            say(f"point of sale {POS_NAME}")
        if first(Method, [("name", "=", "Cash")]) is None:
            Method(name="Cash", account=cash_account, cash=True).save()
        if first(Method, [("name", "=", "Card")]) is None:
            Account = self.model("account.account")
            terminal = first(Account, [("name", "=", "Card Terminal")])
            if terminal is None:
                terminal, = cash_account.duplicate(default={"name": "Card Terminal", "code": "1.1.1.1"})
            Method(name="Card", account=terminal, cash=False).save()
            say("POS payment methods Cash and Card")

    def countries(self):
        Country = self.model("country.country")
        for code, code3, numeric, name in COUNTRIES:
            if first(Country, [("code", "=", code)]) is None:
                Country(code=code, code3=code3, code_numeric=numeric, name=name).save()


def set_admin_password(database):
    """Stores the admin password's hash directly: Tryton's password rules refuse a password equal
    to the login or shorter than 8 characters, and the local default is `admin`."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    password = os.environ.get("COUNTERPART_TRYTON_PASSWORD") or "admin"
    with Transaction().start(database, 0) as transaction:
        User = Pool().get("res.user")
        table = User.__table__()
        transaction.connection.cursor().execute(*table.update(
            [table.password_hash], [User.hash_password(password)], where=table.login == "admin"))
        transaction.commit()
    say("admin password set")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    Seed(sys.argv[1], sys.argv[2]).run()
    set_admin_password(sys.argv[2])
