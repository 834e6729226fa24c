"""Finding the people a casework ledger row names: residents in the importer's rooms (by ID number
hash, or by name within a room) and the station's staff (by full name or login)."""

from django.db.models import Q
from django.db.models.functions import Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ledger.spec import Column, RowError, id_number_column, room_column
from stations.models import Resident, Role, User


# The columns by which a row names them (what `resident_for` and `staff_in` read).
def resident_room_column() -> Column:
    return room_column(gettext_lazy("服务对象所在社工室；留空时在您的社工室中查找"))


def resident_column(aliases) -> Column:
    return Column(
        "resident",
        gettext_lazy("服务对象姓名"),
        aliases,
        required=True,
        max_length=50,
        example="王秀英",
    )


def resident_id_number_column() -> Column:
    return id_number_column(help=gettext_lazy("有重名时必填"))


STAFF_HELP = gettext_lazy("本站工作人员的姓名或登录名")
WORKER_HELP = gettext_lazy("本站工作人员的姓名或登录名；留空为导入人")


def staff_column(key, header, aliases, help=STAFF_HELP) -> Column:
    return Column(key, header, aliases, max_length=50, help=help)


class StationPeople:
    """A mixin of LedgerKind: `resident_for(values)` and `staff_for(key, name)`, cached."""

    resident_key = "resident"

    def _people_cache(self) -> dict:
        if not hasattr(self, "_people"):
            self._people = {}
        return self._people

    # Residents found for earlier chunks are kept (a year of visits names the same people in
    # every chunk), up to this many names and numbers, then forgotten: memory stays bounded.
    RESIDENTS_KEPT = 5000

    def residents_for(self, rows) -> dict:
        """The residents a chunk of rows names: {("id", hash) | ("name", room pk, name):
        [residents]} (at most one query: those named before are kept), for
        `resident_for(values, found)`."""
        if not hasattr(self, "_residents"):
            self._residents, self._names = {}, set()
        found, looked_up = self._residents, self._names
        hashes = {values["id_hash"] for _number, values in rows if values["id_hash"]}
        names = {values[self.resident_key] for _number, values in rows if not values["id_hash"]}
        hashes = {value for value in hashes if ("id", value) not in found}
        names -= looked_up
        if not hashes and not names:
            return found
        if len(found) + len(looked_up) + len(hashes) + len(names) > self.RESIDENTS_KEPT:
            found.clear()
            looked_up.clear()
            return self.residents_for(rows)
        rooms = [room.pk for room in self.rooms]
        residents = Resident.objects.filter(room__in=rooms).select_related("room__station")
        for resident in residents.filter(Q(id_number_hash__in=hashes) | Q(real_name__in=names)):
            if resident.id_number_hash in hashes:
                found.setdefault(("id", resident.id_number_hash), []).append(resident)
            if resident.real_name in names:
                found.setdefault(("name", resident.room_id, resident.real_name), []).append(
                    resident
                )
        for value in hashes:
            found.setdefault(("id", value), [])
        looked_up |= names
        return found

    def resident_for(self, values, found) -> Resident:
        """The row's resident in its room (or the importer's rooms); RowError otherwise."""
        room = self.room_for(values["room"]) if values["room"] else None
        if values["id_hash"]:
            candidates = found.get(("id", values["id_hash"]), [])
        else:
            candidates = [
                resident
                for room_pk in ([room.pk] if room else [room.pk for room in self.rooms])
                for resident in found.get(("name", room_pk, values[self.resident_key]), [])
            ]
        if room is not None:
            candidates = [resident for resident in candidates if resident.room_id == room.pk]
        if len(candidates) != 1:
            message = (
                _("在您的社工室有重名的服务对象：请填写身份证号。")
                if candidates
                else _("在您的社工室没有找到这位服务对象：请先导入服务对象。")
            )
            raise RowError([(self.resident_key, message)])
        if candidates[0].real_name != values[self.resident_key]:
            raise RowError([(self.resident_key, _("姓名与该证件号码登记的服务对象不一致。"))])
        return candidates[0]

    def staff_name(self, user) -> str:
        """How an export writes a staff member so that `staff_for` finds them again: the full name,
        or the login where two of the station's staff share that name. One query per kind."""
        if not hasattr(self, "_staff_names"):
            names = (
                User.objects.filter(station=self.station)
                .exclude(role__in=["", Role.OFFICIAL])
                .annotate(written_name=Concat("last_name", "first_name"))
                .values_list("written_name", flat=True)
            )
            self._staff_names = {}
            for written in names:
                self._staff_names[written] = self._staff_names.get(written, 0) + 1
        written = f"{user.last_name}{user.first_name}"
        return written if written and self._staff_names.get(written) == 1 else user.username

    def staff_in(self, values, key, default=None, *, supervisor=False):
        """The station user the row's column `key` names (`staff_for`), or `default` if empty."""
        name = values[key]
        return self.staff_for(key, name, supervisor=supervisor) if name else default

    def staff_for(self, key, name, *, supervisor=False):
        """The station's user written `name` (full name or login); RowError if none or several."""
        cache = self._people_cache()
        if (key, name) not in cache:
            users = (
                User.objects.annotate(written_name=Concat("last_name", "first_name"))
                .filter(Q(username=name) | Q(written_name=name), station=self.station)
                .exclude(role__in=["", Role.OFFICIAL])
            )
            if supervisor:
                users = users.filter(role=Role.SUPERVISOR)
            cache[(key, name)] = list(users[:2])
        found = cache[(key, name)]
        if len(found) != 1:
            message = (
                _("本站没有这位督导（或有重名：请填写登录名）。")
                if supervisor
                else _("本站没有这位工作人员（或有重名：请填写登录名）。")
            )
            raise RowError([(key, message)])
        return found[0]
