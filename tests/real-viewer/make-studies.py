#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the real-viewer test's made-up studies as DICOM files.

Patients whose images look nothing alike, so a capture of the viewer pane
tells one from the other: A's CT is bright rings on black, B's MR is
diagonal stripes, C's CT (served slowly) a noisy checkerboard. UIDs are fixed (2.25 = UUID-derived roots, ITU-T X.667)
so the test can ask the archive for them by name.

usage: make-studies.py OUTDIR
"""
import math
import os
import sys

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_STORAGE = "1.2.840.10008.5.1.4.1.1.4"
ROOT = "2.25.3141592653589793238462643383279"

STUDIES = [
    # patient, name, mrn, accession, study suffix, modality, slices, pattern
    ("A", "TESTER^ALICE", "RV-MRN-A", "RV-ACC-A", 1, "CT", 12, "rings"),
    ("B", "SAMPLE^BOB", "RV-MRN-B", "RV-ACC-B", 2, "MR", 8, "stripes"),
    # served slowly (nginx.conf): an archive that takes its time
    ("C", "EXAMPLE^CAROL", "RV-MRN-C", "RV-ACC-C", 3, "CT", 6, "checks"),
]
SIZE = 128


def pixels(pattern, index):
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    if pattern == "rings":
        r = np.hypot(x - SIZE / 2, y - SIZE / 2)
        img = (np.sin(r / (3 + index * 0.2)) > 0) * 3000
    elif pattern == "checks":
        # with noise, so that no transfer syntax makes it small (it must
        # come slowly from the slow archive)
        noise = np.random.default_rng(index).integers(0, 1200, size=(SIZE, SIZE))
        img = (((x // 32) + (y // 32) + index) % 2) * 2400 + noise
    else:
        img = (((x + y + index * 4) // 16) % 2) * 3000
    return img.astype(np.uint16)


def write_image(outdir, study, n):
    key, name, mrn, acc, suffix, modality, count, pattern = study
    study_uid = f"{ROOT}{suffix}"
    series_uid = f"{study_uid}.1"
    sop_uid = f"{series_uid}.{n + 1}"
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CT_STORAGE if modality == "CT" else MR_STORAGE
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = generate_uid(prefix="1.2.826.0.1.3680043.8.498.")
    path = os.path.join(outdir, f"{key}-{n + 1:03d}.dcm")
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = sop_uid
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.PatientName = name
    ds.PatientID = mrn
    ds.PatientBirthDate = "19700101"
    ds.PatientSex = "O"
    ds.AccessionNumber = acc
    ds.StudyDate = ds.SeriesDate = "20261201"
    ds.StudyTime = ds.SeriesTime = "080000"
    ds.StudyID = str(suffix)
    ds.StudyDescription = f"Real viewer test {modality}"
    ds.SeriesDescription = f"{modality} {pattern}"
    ds.Modality = modality
    ds.SeriesNumber = 1
    ds.InstanceNumber = n + 1
    ds.ImagePositionPatient = [0.0, 0.0, float(n * 2)]
    ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    ds.PixelSpacing = [1.0, 1.0]
    ds.SliceThickness = 2.0
    ds.FrameOfReferenceUID = f"{study_uid}.9"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = ds.Columns = SIZE
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.WindowCenter = 1500
    ds.WindowWidth = 3000
    if modality == "CT":
        ds.RescaleIntercept = 0
        ds.RescaleSlope = 1
    ds.PixelData = pixels(pattern, n).tobytes()
    ds.save_as(path, write_like_original=False)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for study in STUDIES:
        for n in range(study[6]):
            write_image(outdir, study, n)
    for study in STUDIES:
        print(study[0], f"{ROOT}{study[4]}")


if __name__ == "__main__":
    main()
