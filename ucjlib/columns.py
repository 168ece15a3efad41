"""One place that describes every output column: title (id, en), unit and description.

CSV and XLSX headers, the JSON metadata and the data dictionary of outputs are
made from :data:`COLUMNS`; an analysis that adds a column adds it here.
"""

from __future__ import annotations

#: Every output column: title (id, en), unit, description. Used for CSV/XLSX
#: headers and metadata sheets.
COLUMNS: dict[str, dict[str, str]] = {
    "kode": {"title": "Kode wilayah", "title_en": "Region code", "unit": "",
             "description": "Kode Kemendagri (Kepmendagri 300.2.2-2138/2025)."},
    "nama": {"title": "Nama wilayah", "title_en": "Region name", "unit": "",
             "description": "Nama resmi dari gazeter wilayah."},
    "level": {"title": "Tingkat", "title_en": "Level", "unit": "",
              "description": "kabupaten, kecamatan atau desa."},
    "periode": {"title": "Periode", "title_en": "Period", "unit": "YYYY-MM",
                "description": "Bulan data kepesertaan (akhir bulan)."},
    "segmen": {"title": "Segmen", "title_en": "Segment", "unit": "",
               "description": "PU, BPU, JAKON atau PMI (hanya bila by='segmen')."},
    "pendanaan": {"title": "Pendanaan", "title_en": "Funding", "unit": "",
                  "description": "mandiri, APBD, APBDes atau lainnya (hanya bila by='pendanaan')."},
    "pekerja": {"title": "Penduduk bekerja", "title_en": "Employed persons", "unit": "orang",
                "description": "Penduduk bekerja (penyebut), tahun sesuai aturan di dataset.py."},
    "peserta_aktif": {"title": "Peserta aktif", "title_en": "Active participants",
                      "unit": "orang", "description": "Peserta aktif BPJS Ketenagakerjaan, "
                      "semua segmen (atau segmen/pendanaan baris ini)."},
    "cakupan": {"title": "Cakupan UCJ", "title_en": "UCJ coverage", "unit": "rasio 0-1",
                "description": "peserta_aktif / pekerja; kosong bila tidak ada data atau "
                "pekerja nol."},
    "tidak_tercakup": {"title": "Pekerja belum tercakup", "title_en": "Uncovered workers",
                       "unit": "orang", "description": "max(0, pekerja - peserta_aktif)."},
    "gap_target": {"title": "Kekurangan peserta menuju target",
                   "title_en": "Participants needed to reach target", "unit": "orang",
                   "description": "max(0, ceil(target x pekerja) - peserta_aktif)."},
    "gap_target_pp": {"title": "Jarak ke target", "title_en": "Gap to target",
                      "unit": "poin persen",
                      "description": "max(0, target - cakupan) x 100."},
    "status": {"title": "Status", "title_en": "Status", "unit": "",
               "description": "di atas target, di bawah target, pekerja nol, tidak ada data."},
    "perubahan_3bln": {"title": "Perubahan 3 bulan", "title_en": "3-month change",
                       "unit": "rasio 0-1",
                       "description": "cakupan bulan ini dikurangi cakupan 3 bulan sebelumnya."},
    "perubahan_12bln": {"title": "Perubahan 12 bulan", "title_en": "12-month change",
                        "unit": "rasio 0-1",
                        "description": "cakupan bulan ini dikurangi cakupan 12 bulan "
                        "sebelumnya."},
    "peringkat": {"title": "Peringkat", "title_en": "Rank", "unit": "",
                  "description": "1 = cakupan tertinggi; unit tanpa data tidak diberi peringkat."},
    "tahun_pekerja": {"title": "Tahun data pekerja", "title_en": "Workforce year", "unit": "",
                      "description": "Tahun Sakernas (Agustus) yang dipakai sebagai penyebut."},
    "pekerja_formal": {"title": "Pekerja formal", "title_en": "Formal workers", "unit": "orang",
                       "description": "Penduduk bekerja di sektor formal (penyebut segmen PU)."},
    "pekerja_informal": {"title": "Pekerja informal", "title_en": "Informal workers",
                         "unit": "orang", "description": "Penduduk bekerja di sektor informal "
                         "(penyebut segmen BPU)."},
    "label_data": {"title": "Label data", "title_en": "Data label", "unit": "",
                   "description": "'data demo (sintetis)' bila data demo."},
    "pekerja_estimasi": {"title": "Pekerja estimasi", "title_en": "Estimated workforce",
                         "unit": "", "description": "True bila penyebut dialokasikan dari "
                         "tingkat lebih tinggi, bukan data langsung."},
}


def title(column: str, lang: str = "id") -> str:
    """Return the display title of ``column`` (the column name itself when unknown).

    Examples
    --------
    >>> title("cakupan"), title("cakupan", "en")
    ('Cakupan UCJ', 'UCJ coverage')
    """
    meta = COLUMNS.get(column)
    if meta is None:
        return column
    return meta["title" if lang == "id" else "title_en"]
